import type { Locale } from '@petpro/api-client';
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useBlocState } from '../../bloc/use-bloc';
import { currentLocale, formatDecimal } from '../../i18n/i18n';
import { colors, common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { LastUpdated } from '../../ui/LastUpdated';
import type { PetDetailBloc, PetDetailView } from './pet-detail-bloc';
import { formatPlainDate } from './pet-model';
import type { VaccinationView } from './record-groups';
import { ageText, dueText, weightSummary } from './pet-texts';
import { BackLink, PetAvatar, petsStyles, PrimaryButton, Section, SecondaryButton } from './pets-ui';
import { WeightChart } from './WeightChart';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function PetDetailScreen({
  bloc,
  onBack,
  onEdit,
  onAddRecord,
}: {
  bloc: PetDetailBloc;
  onBack: () => void;
  onEdit: () => void;
  onAddRecord: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const state = useBlocState(bloc);

  useEffect(() => {
    if (bloc.state.status === 'idle') void bloc.add({ type: 'load-requested' });
  }, [bloc]);

  const view = state.status === 'loaded' || state.status === 'loading' ? state.view : null;
  const source = state.status === 'loaded' || state.status === 'loading' ? state.source : null;

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content}>
      <BackLink onPress={onBack} />
      {source ? <LastUpdated cached={source} /> : null}
      {!view && state.status !== 'error' ? <LoadingRow nameSpinner={false} label={t('pets.loading')} /> : null}
      {state.status === 'error' ? (
        <>
          <ErrorBox error={state.error} />
          <PrimaryButton label={t('pets.retry')} onPress={() => void bloc.add({ type: 'load-requested' })} />
        </>
      ) : null}
      {view ? <PetDetailBody view={view} locale={locale} t={t} onEdit={onEdit} onAddRecord={onAddRecord} /> : null}
    </ScrollView>
  );
}

function PetDetailBody({
  view,
  locale,
  t,
  onEdit,
  onAddRecord,
}: {
  view: PetDetailView;
  locale: Locale;
  t: TFunction;
  onEdit: () => void;
  onAddRecord: () => void;
}) {
  const { pet, records, attention, weight, today } = view;
  const date = (iso: string) => formatPlainDate(iso, locale);
  const kg = (value: number) => formatDecimal(value, locale);
  const age = ageText(t, pet.birthDate, today);
  const facts: [string, string][] = [
    [t('pets.detail.species'), t(`pets.species.${pet.species}`)],
    ...(pet.breed ? ([[t('pets.detail.breed'), pet.breed]] as [string, string][]) : []),
    [t('pets.detail.sex'), t(`pets.sex.${pet.sex}`)],
    ...(pet.birthDate ? ([[t('pets.detail.born'), date(pet.birthDate)]] as [string, string][]) : []),
    ...(age ? ([[t('pets.detail.age'), age]] as [string, string][]) : []),
    ...(pet.weightKg !== null
      ? ([[t('pets.detail.weight'), t('pets.weight.kg', { weight: kg(pet.weightKg) })]] as [string, string][])
      : []),
  ];
  const summary = weightSummary(t, weight, date, kg);

  return (
    <>
      <View style={petsStyles.row}>
        <PetAvatar name={pet.name} uri={pet.photoUrl} size={96} />
        <View style={petsStyles.grow}>
          <ScreenTitle>{pet.name}</ScreenTitle>
        </View>
      </View>
      <View style={[petsStyles.card, styles.facts]}>
        {facts.map(([label, value]) => (
          <View key={label} style={styles.fact}>
            <Text style={styles.factLabel}>{label}</Text>
            <Text style={styles.factValue}>{value}</Text>
          </View>
        ))}
        {pet.notes ? (
          <View style={styles.note}>
            <Text style={styles.factLabel}>{t('pets.detail.notes')}</Text>
            <Text style={common.body}>{pet.notes}</Text>
          </View>
        ) : null}
      </View>
      <View style={styles.actions}>
        <PrimaryButton label={t('pets.detail.addRecord')} onPress={onAddRecord} />
        <SecondaryButton label={t('pets.detail.edit')} onPress={onEdit} />
      </View>

      {attention.length > 0 ? (
        <Section title={t('pets.detail.attention')}>
          {attention.map((v) => (
            <Text
              key={v.recordId}
              style={[
                petsStyles.card,
                v.due?.kind === 'overdue' ? petsStyles.overdue : petsStyles.warning,
                styles.alert,
              ]}
            >
              {t('pets.due.vaccine', { vaccine: v.vaccine, status: dueText(t, v.due!), date: date(v.nextDueDate!) })}
            </Text>
          ))}
        </Section>
      ) : null}

      <Section title={t('pets.detail.vaccinations')}>
        {records.vaccinations.length === 0 ? <Text style={common.muted}>{t('pets.detail.noVaccinations')}</Text> : null}
        {records.vaccinations.map((v) => (
          <VaccinationCard key={v.recordId} vaccination={v} t={t} date={date} />
        ))}
      </Section>

      <Section title={t('pets.detail.treatments')}>
        {records.treatments.length === 0 ? <Text style={common.muted}>{t('pets.detail.noTreatments')}</Text> : null}
        {records.treatments.map((treatment) => (
          <View key={treatment.recordId} style={petsStyles.card}>
            <Text style={petsStyles.name}>{treatment.title}</Text>
            <Text style={common.muted}>
              {[date(treatment.date), treatment.vetName ? t('pets.detail.vet', { name: treatment.vetName }) : null]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            {treatment.notes ? <Text style={common.body}>{treatment.notes}</Text> : null}
          </View>
        ))}
      </Section>

      <Section title={t('pets.detail.weights')}>
        {records.weights.length === 0 ? <Text style={common.muted}>{t('pets.detail.noWeights')}</Text> : null}
        {records.weights.length > 0 ? (
          <>
            <WeightChart weights={records.weights} locale={locale} summary={t('pets.weight.chart', { summary })} />
            <Text style={common.body}>{summary}</Text>
            <Text style={styles.factLabel}>{t('pets.weight.history')}</Text>
            <View>
              {[...records.weights].reverse().map((w) => (
                <Text key={w.recordId} style={styles.historyRow}>
                  {date(w.date)}: {t('pets.weight.kg', { weight: kg(w.weightKg) })}
                </Text>
              ))}
            </View>
          </>
        ) : null}
      </Section>
    </>
  );
}

function VaccinationCard({
  vaccination,
  t,
  date,
}: {
  vaccination: VaccinationView;
  t: TFunction;
  date: (iso: string) => string;
}) {
  const due = vaccination.due;
  const highlight = due?.kind === 'overdue' ? petsStyles.overdue : due?.kind === 'due-soon' ? petsStyles.warning : null;
  return (
    <View style={[petsStyles.card, highlight]}>
      <Text style={petsStyles.name}>{vaccination.vaccine}</Text>
      <Text style={common.muted}>
        {[
          t('pets.detail.given', { date: date(vaccination.date) }),
          vaccination.vetName ? t('pets.detail.vet', { name: vaccination.vetName }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {vaccination.nextDueDate ? (
        <Text style={common.body}>{t('pets.detail.nextDue', { date: date(vaccination.nextDueDate) })}</Text>
      ) : null}
      {due && due.kind !== 'scheduled' ? (
        <Text style={[petsStyles.badge, highlight, petsStyles.badgeText]}>{dueText(t, due)}</Text>
      ) : null}
      {vaccination.notes ? <Text style={common.body}>{vaccination.notes}</Text> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  facts: { gap: space.sm },
  fact: { flexDirection: 'row', justifyContent: 'space-between', gap: space.md, flexWrap: 'wrap' },
  factLabel: { fontSize: 14, fontWeight: '600', color: colors.muted },
  factValue: { fontSize: 16, color: colors.text, flexShrink: 1, textAlign: 'right' },
  note: { gap: 2 },
  actions: { gap: space.sm },
  alert: { fontSize: 15, fontWeight: '600', color: colors.text },
  historyRow: { fontSize: 15, color: colors.text, paddingVertical: 2 },
});
