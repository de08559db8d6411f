import { Linking } from 'react-native';

/**
 * Web: the payment page opens in a new tab, so the app keeps the booking on screen and follows it
 * (polling) while the customer pays; the local sandbox's page links back to the production app's
 * URL, not here, so nothing needs to bring the customer back but switching tabs.
 */
export async function openPaymentPage(url: string): Promise<void> {
  await Linking.openURL(url);
}
