import * as WebBrowser from 'expo-web-browser';

/**
 * iOS/Android: the provider's payment page in the in-app browser; the promise settles when the
 * customer closes it, and the booking is then read again at once (it is also polled meanwhile).
 * The web build opens it in a new tab (payment-page.web.ts).
 */
export async function openPaymentPage(url: string): Promise<void> {
  await WebBrowser.openBrowserAsync(url, { dismissButtonStyle: 'close' });
}
