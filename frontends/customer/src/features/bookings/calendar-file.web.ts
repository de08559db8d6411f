/**
 * Web: the .ics file is downloaded (a Blob behind an object URL and a link clicked for it); the
 * browser or the operating system then offers to open it in the calendar. Native shares it instead
 * (calendar-file.ts).
 */
export async function saveCalendarFile(fileName: string, text: string, _title?: string): Promise<void> {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // The click has started the download; the object URL is no longer needed once it has been read.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
