import type { Locale } from '@petpro/api-client';
import { useState } from 'react';
import { StyleSheet, View } from 'react-native';
import Svg, { Circle, Line, Polyline, Text as SvgText } from 'react-native-svg';
import { formatDecimal } from '../../i18n/i18n';
import { colors } from '../../theme';
import { formatPlainDate } from './pet-model';
import { chartGeometry, type WeightPoint } from './record-groups';

const HEIGHT = 180;

/**
 * A small line chart of the weights over time: dates along the bottom, kg up the side. It is one
 * image to a screen reader, named by `summary` (the same words are shown under it, and every
 * weight is listed as text beside it).
 */
export function WeightChart({
  weights,
  locale,
  summary,
}: {
  weights: readonly WeightPoint[];
  locale: Locale;
  summary: string;
}) {
  const [width, setWidth] = useState(320);
  const { points, yTicks, xTicks, plot } = chartGeometry(weights, width, HEIGHT);
  const dateLabel = (date: string) => formatPlainDate(date, locale);
  return (
    <View
      style={styles.box}
      onLayout={(event) => setWidth(Math.max(200, Math.round(event.nativeEvent.layout.width)))}
      accessible
      accessibilityRole="image"
      accessibilityLabel={summary}
    >
      <Svg width={width} height={HEIGHT}>
        {yTicks.map((tick) => (
          <Line
            key={`grid-${tick.kg}`}
            x1={plot.left}
            x2={plot.right}
            y1={tick.y}
            y2={tick.y}
            stroke={colors.border}
            strokeWidth={1}
          />
        ))}
        <Line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} stroke={colors.muted} strokeWidth={1} />
        <Line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={colors.muted} strokeWidth={1} />
        {yTicks.map((tick) => (
          <SvgText
            key={`kg-${tick.kg}`}
            x={plot.left - 6}
            y={tick.y + 4}
            fontSize={11}
            fill={colors.muted}
            textAnchor="end"
          >
            {`${formatDecimal(tick.kg, locale)} kg`}
          </SvgText>
        ))}
        {xTicks.map((tick, index) => (
          <SvgText
            key={`date-${tick.date}`}
            x={tick.x}
            y={plot.bottom + 20}
            fontSize={11}
            fill={colors.muted}
            textAnchor={
              xTicks.length > 1 && index === 0 ? 'start' : index === xTicks.length - 1 && index > 0 ? 'end' : 'middle'
            }
          >
            {dateLabel(tick.date)}
          </SvgText>
        ))}
        {points.length > 1 ? (
          <Polyline
            points={points.map((p) => `${p.x},${p.y}`).join(' ')}
            fill="none"
            stroke={colors.primary}
            strokeWidth={2.5}
            strokeLinejoin="round"
          />
        ) : null}
        {points.map((p) => (
          <Circle
            key={p.point.recordId}
            cx={p.x}
            cy={p.y}
            r={4.5}
            fill={colors.background}
            stroke={colors.primary}
            strokeWidth={2.5}
          />
        ))}
      </Svg>
    </View>
  );
}

const styles = StyleSheet.create({
  box: { width: '100%', height: HEIGHT },
});
