import { useTranslation } from 'react-i18next';
import { Text, View } from 'react-native';
import type { AreaProps } from '../../navigation';
import { common } from '../../theme';
import type { PetsRoute } from './routes';

/** The pets area's screens (placeholder until the area is built: listed as not built in the README). */
export function PetsArea({ route }: AreaProps<PetsRoute>) {
  const { t } = useTranslation();
  return (
    <View style={common.content}>
      <Text style={common.title} accessibilityRole="header">
        {t('tab.pets')}
      </Text>
      <Text style={common.muted}>{route.screen}</Text>
    </View>
  );
}
