import { SERVICE_CODE_PATTERN, type Courier } from '#shared/lib/shipping.ts';

/**
 * The courier services PetPro sells, by service code (`<courier>:<service>`), with the words
 * Biteship uses for them (`courier_company` / `courier_type`). Pure data.
 */
export interface CourierService {
  courier: Courier;
  /** What the customer reads: `REG`, `YES`, `BEST`, `instant`, `same_day`. */
  service: string;
  /** Biteship `courier_type` / `courier_service_code`. */
  biteshipType: string;
  /** Priced and routed by map points: both ends need coordinates. */
  needsCoordinates: boolean;
}

export const COURIER_NAMES: Readonly<Record<Courier, string>> = { jne: 'JNE', sicepat: 'SiCepat', grab: 'Grab' };

export const SERVICES = {
  'jne:reg': { courier: 'jne', service: 'REG', biteshipType: 'reg', needsCoordinates: false },
  'jne:yes': { courier: 'jne', service: 'YES', biteshipType: 'yes', needsCoordinates: false },
  'sicepat:reg': { courier: 'sicepat', service: 'REG', biteshipType: 'reg', needsCoordinates: false },
  'sicepat:best': { courier: 'sicepat', service: 'BEST', biteshipType: 'best', needsCoordinates: false },
  'grab:instant': { courier: 'grab', service: 'instant', biteshipType: 'instant', needsCoordinates: true },
  'grab:same_day': { courier: 'grab', service: 'same_day', biteshipType: 'same_day', needsCoordinates: true },
} as const satisfies Record<string, CourierService>;

export type ServiceCode = keyof typeof SERVICES;

export const SERVICE_CODES = Object.keys(SERVICES) as ServiceCode[];

export function serviceOf(serviceCode: string): (CourierService & { serviceCode: ServiceCode }) | undefined {
  if (!SERVICE_CODE_PATTERN.test(serviceCode) || !Object.hasOwn(SERVICES, serviceCode)) return undefined;
  return { ...SERVICES[serviceCode as ServiceCode], serviceCode: serviceCode as ServiceCode };
}

/** Our service code for a Biteship courier and type, when we sell it. */
export function serviceCodeOf(courier: string, biteshipType: string): ServiceCode | undefined {
  return SERVICE_CODES.find(
    (code) => SERVICES[code].courier === courier && SERVICES[code].biteshipType === biteshipType,
  );
}
