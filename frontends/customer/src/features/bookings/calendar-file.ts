import { File, Paths } from 'expo-file-system';
import * as Sharing from 'expo-sharing';

/**
 * iOS/Android: the .ics file is written to the cache and handed to the share sheet, from which the
 * customer opens it in their calendar app (or sends it on). The web build downloads it instead
 * (calendar-file.web.ts).
 */
export async function saveCalendarFile(fileName: string, text: string, title?: string): Promise<void> {
  const file = new File(Paths.cache, fileName);
  file.create({ overwrite: true });
  file.write(text);
  if (!(await Sharing.isAvailableAsync())) throw new Error('sharing is not available on this device');
  await Sharing.shareAsync(file.uri, {
    mimeType: 'text/calendar',
    UTI: 'com.apple.ical.ics',
    ...(title ? { dialogTitle: title } : {}),
  });
}
