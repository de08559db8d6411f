import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { Service } from './model.ts';
import type { ServiceInput, ServicePatch } from './schemas.ts';
import { RETRY, vendorRules, type RecordPorts } from './vendors.ts';

export const MAX_SERVICES = 50;

export type ServiceView = Omit<Service, 'vendorId'>;

const toServiceView = ({ vendorId: _vendorId, ...rest }: Service): ServiceView => rest;

/** What a vendor offers (grooming, vaccination…), with price, duration and capacity; each change relists the vendor. */
export function servicesService(ports: RecordPorts) {
  const { store, now, access, bump } = vendorRules(ports);

  return {
    async listServices(caller: Caller, vendorId: string): Promise<ServiceView[]> {
      await access(caller, vendorId, 'view');
      return (await store.services(vendorId)).map(toServiceView);
    },

    async addService(caller: Caller, vendorId: string, input: ServiceInput): Promise<ServiceView> {
      return retryOnConflict(RETRY, async () => {
        const { vendor } = await access(caller, vendorId, 'manage');
        const services = await store.services(vendorId);
        if (services.length >= MAX_SERVICES)
          throw refuse.unprocessable('validation', [{ path: 'body', message: `at most ${MAX_SERVICES} services` }]);
        const at = now().toISOString();
        const service: Service = {
          vendorId,
          serviceId: newId(),
          name: input.name,
          description: input.description ?? null,
          category: input.category,
          species: input.species,
          durationMin: input.durationMin,
          price: input.price,
          capacity: input.capacity ?? 1,
          bufferMin: input.bufferMin ?? 0,
          prepay: input.prepay ?? false,
          active: input.active ?? true,
          version: 1,
          createdAt: at,
          updatedAt: at,
        };
        const { writes, events } = await bump(vendor, {}, caller, { services: [...services, service] });
        writes.push({ type: 'service', item: service, expectedVersion: null });
        await store.commit(writes, events);
        return toServiceView(service);
      });
    },

    async updateService(
      caller: Caller,
      vendorId: string,
      serviceId: string,
      patch: ServicePatch,
      ifMatch: number | undefined,
    ): Promise<ServiceView> {
      return retryOnConflict(RETRY, async () => {
        const { vendor } = await access(caller, vendorId, 'manage');
        const services = await store.services(vendorId);
        const service = services.find((candidate) => candidate.serviceId === serviceId);
        if (!service) throw refuse.notFound();
        if (ifMatch !== undefined && ifMatch !== service.version) throw refuse.conflict('version-mismatch');
        const defined = Object.fromEntries(
          Object.entries(patch).filter(([, value]) => value !== undefined),
        ) as Partial<Service>;
        const changed: Service = {
          ...service,
          ...defined,
          version: service.version + 1,
          updatedAt: now().toISOString(),
        };
        const { writes, events } = await bump(vendor, {}, caller, {
          services: services.map((s) => (s.serviceId === serviceId ? changed : s)),
        });
        writes.push({ type: 'service', item: changed, expectedVersion: service.version });
        await store.commit(writes, events);
        return toServiceView(changed);
      });
    },

    async deleteService(caller: Caller, vendorId: string, serviceId: string): Promise<void> {
      await retryOnConflict(RETRY, async () => {
        const { vendor } = await access(caller, vendorId, 'manage');
        const services = await store.services(vendorId);
        const service = services.find((candidate) => candidate.serviceId === serviceId);
        if (!service) throw refuse.notFound();
        const { writes, events } = await bump(vendor, {}, caller, {
          services: services.filter((s) => s.serviceId !== serviceId),
        });
        writes.push({ type: 'deleteService', vendorId, serviceId, expectedVersion: service.version });
        await store.commit(writes, events);
      });
    },
  };
}

export type ServicesService = ReturnType<typeof servicesService>;
