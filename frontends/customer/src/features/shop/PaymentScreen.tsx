import { formatIdr } from '@petpro/api-client';
import * as WebBrowser from 'expo-web-browser';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AppState, ScrollView, StyleSheet, Text, View } from 'react-native';
import { useStartedBlocState } from '../../bloc/use-bloc';
import { currentLocale } from '../../i18n/i18n';
import { common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { PAYMENT_POLL_MS, shouldPoll, type PaymentBloc } from './payment-bloc';
import { formatMoment } from './shop-format';
import { BackButton, Notice, PrimaryButton, SecondaryButton, LoadFailed } from './ShopUi';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function PaymentScreen({
  bloc,
  onBack,
  onOrders,
  onShop,
}: {
  bloc: PaymentBloc;
  onBack: () => void;
  onOrders: () => void;
  onShop: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const state = useStartedBlocState(bloc, { type: 'refresh-requested' });
  const polling = shouldPoll(state);

  // The provider's page does not send the customer back: ask again while it is open, and on return to the app.
  useEffect(() => {
    if (!polling) return undefined;
    const timer = setInterval(() => void bloc.add({ type: 'refresh-requested' }), PAYMENT_POLL_MS);
    const subscription = AppState.addEventListener('change', (next) => {
      if (next === 'active') void bloc.add({ type: 'refresh-requested' });
    });
    return () => {
      clearInterval(timer);
      subscription.remove();
    };
  }, [bloc, polling]);

  const openPage = async (url: string) => {
    void bloc.add({ type: 'page-opened' });
    // iOS/Android: an in-app browser, resolved when closed; web: a new window, resolved at once.
    await WebBrowser.openBrowserAsync(url);
    void bloc.add({ type: 'refresh-requested' });
  };

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content}>
      <BackButton onPress={onBack} />
      <ScreenTitle>{t('shop.payment.title')}</ScreenTitle>
      {state.status === 'loading' ? <LoadingRow label={t('shop.payment.loading')} /> : null}
      {state.status === 'error' ? (
        <LoadFailed error={state.error} onRetry={() => void bloc.add({ type: 'refresh-requested' })} />
      ) : null}
      {state.status === 'shown'
        ? (() => {
            const { checkout } = state;
            return (
              <>
                <Text style={common.body}>
                  {t('shop.payment.total', { total: formatIdr(checkout.total) })} ·{' '}
                  {t('shop.payment.orderCount', { count: checkout.orderIds.length })}
                </Text>
                {checkout.status === 'paid' ? (
                  <Notice tone="success" alert>
                    <Text style={common.body}>{t('shop.payment.paid')}</Text>
                    <PrimaryButton label={t('shop.payment.orders')} onPress={onOrders} />
                  </Notice>
                ) : null}
                {checkout.status === 'expired' ? (
                  <Notice tone="warning" alert>
                    <Text style={common.body}>{t('shop.payment.expired')}</Text>
                    <SecondaryButton label={t('shop.payment.orders')} onPress={onOrders} role="link" />
                    <SecondaryButton label={t('shop.payment.shopAgain')} onPress={onShop} role="link" />
                  </Notice>
                ) : null}
                {checkout.status === 'pending_payment' ? (
                  <View style={styles.block}>
                    <Text style={styles.status} accessibilityLiveRegion="polite">
                      {t('shop.payment.pending')}
                    </Text>
                    {checkout.payment?.expiresAt ? (
                      <Text style={common.muted}>
                        {t('shop.payment.before', { time: formatMoment(checkout.payment.expiresAt, locale) })}
                      </Text>
                    ) : null}
                    {checkout.payment?.redirectUrl ? (
                      <PrimaryButton
                        label={state.opened ? t('shop.payment.openAgain') : t('shop.payment.open')}
                        onPress={() => void openPage(checkout.payment!.redirectUrl!)}
                      />
                    ) : (
                      <LoadingRow label={t('shop.payment.preparing')} />
                    )}
                    {state.opened ? <Text style={common.body}>{t('shop.payment.waiting')}</Text> : null}
                    {state.refreshError ? <ErrorBox error={state.refreshError} /> : null}
                    <SecondaryButton
                      label={t('shop.payment.checkNow')}
                      onPress={() => void bloc.add({ type: 'refresh-requested' })}
                    />
                  </View>
                ) : null}
              </>
            );
          })()
        : null}
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  block: { gap: space.sm },
  status: { fontSize: 18, fontWeight: '700' },
});
