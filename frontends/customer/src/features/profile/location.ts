/** Where the device is, for the address pin ("use my current location"). */
export interface LocationProvider {
  /** Throws LocationError when permission is refused or no fix can be had. */
  current(): Promise<{ lat: number; lon: number }>;
}

export class LocationError extends Error {
  readonly reason: 'denied' | 'unavailable';

  constructor(reason: 'denied' | 'unavailable', options: { cause?: unknown } = {}) {
    super(reason, options);
    this.name = 'LocationError';
    this.reason = reason;
  }
}
