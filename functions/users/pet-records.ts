import type { Caller } from '#shared/auth/caller.ts';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import { newId } from '#shared/lib/ids.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { Page, PageRequest, PetRecord, RecordKind, Write } from './model.ts';
import type { RecordInput } from './schemas.ts';
import { bump, COLLECTION_RETRY, links, paged, userRules, type Links, type RecordPorts } from './user-rules.ts';

/**
 * A pet's records (vaccinations, treatments, weights): the caller's pet → listed by page, optionally by
 * kind → added with pet.record_added; a weight no older than the pet's newest also sets its weightKg
 * in the same transaction.
 */

export type PetRecordView = Omit<PetRecord, 'userId'> & { _links: Links };

function toRecordView({ userId: _userId, ...record }: PetRecord): PetRecordView {
  return { ...record, _links: links.record(record.petId) };
}

export function petRecordsService(ports: RecordPorts) {
  const { store, nowIso, event, ownedPet } = userRules(ports);

  return {
    async listPetRecords(
      caller: Caller,
      petId: string,
      page: PageRequest & { kind?: RecordKind | undefined },
    ): Promise<Page<PetRecordView>> {
      await ownedPet(caller, petId);
      return paged(() => store.listPetRecords(caller.auth.userId, petId, page), toRecordView);
    },

    /**
     * Adds a record. A weight record dated on or after the pet's newest weight date also sets
     * the pet's weightKg, in the same transaction; otherwise the transaction only checks the
     * pet still exists at the version read.
     */
    async addPetRecord(caller: Caller, petId: string, input: RecordInput): Promise<PetRecordView> {
      const userId = caller.auth.userId;
      const recordId = newId();
      return retryOnConflict(COLLECTION_RETRY, async () => {
        const pet = await ownedPet(caller, petId);
        const at = nowIso();
        const record: PetRecord = {
          ...recordFields(input),
          userId,
          petId,
          recordId,
          version: 1,
          createdAt: at,
          updatedAt: at,
        };
        const writes: Write[] = [{ op: 'create', entity: 'record', value: record }];
        const events: EventEnvelope[] = [
          event('pet.record_added', { userId, petId, recordId, kind: record.kind }, caller),
        ];
        if (input.kind === 'weight' && (pet.weightDate === null || input.date >= pet.weightDate)) {
          const next = bump(pet, { weightKg: input.weightKg, weightDate: input.date }, at);
          writes.push({ op: 'replace', entity: 'pet', value: next, expectedVersion: pet.version });
          if (pet.weightKg !== input.weightKg)
            events.push(event('pet.updated', { userId, petId, fields: ['weightKg'] }, caller));
        } else {
          writes.push({ op: 'check', ref: { entity: 'pet', userId, id: petId }, expectedVersion: pet.version });
        }
        await store.commit(writes, events);
        return toRecordView(record);
      });
    },
  };
}

export type PetRecordsService = ReturnType<typeof petRecordsService>;

/** The fields a record of this kind keeps (no undefined values). */
function recordFields(
  input: RecordInput,
): Pick<PetRecord, 'kind' | 'date' | 'vaccine' | 'nextDueDate' | 'title' | 'vetName' | 'weightKg' | 'notes'> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (value !== undefined) fields[key] = value;
  return fields as Pick<PetRecord, 'kind' | 'date'>;
}
