import * as z from 'zod';
import { defineDomain } from '#shared/manifest/types.ts';
import { commonProblems, idParam, page, pageQuery, ruleProblem } from '#shared/http/schemas.ts';
import * as s from './schemas.ts';

const read = { table: 'read' } as const;
const write = { table: 'readwrite' } as const;
const petParams = z.object({ petId: idParam });
const addressParams = z.object({ addressId: idParam });
const conflict = { 409: { description: 'Version mismatch (If-Match)' } } as const;

/** Users: the signed-in person's profile, addresses, pets and pet records. */
export const manifest = defineDomain({
  domain: 'users',
  description: 'Profiles, delivery addresses, pets and their health records',
  routes: {
    getMe: {
      method: 'GET', path: '/v1/me', handler: 'handlers/get-me.ts', useCase: 'users.getMe', emits: [], auth: 'user', access: read,
      summary: 'My profile',
      responses: { 200: { description: 'Profile', body: s.profile }, ...commonProblems },
    },
    updateMe: {
      method: 'PATCH', path: '/v1/me', handler: 'handlers/update-me.ts', useCase: 'users.updateMe', emits: ['profile.updated'], auth: 'user', access: write,
      summary: 'Change my name or language', headers: ['If-Match'],
      request: { body: s.profilePatch },
      responses: { 200: { description: 'Profile', body: s.profile }, ...commonProblems, ...conflict },
    },
    listAddresses: {
      method: 'GET', path: '/v1/me/addresses', handler: 'handlers/list-addresses.ts', useCase: 'users.listAddresses', emits: [], auth: 'user', access: read,
      summary: 'My addresses',
      request: { query: z.object(pageQuery) },
      responses: { 200: { description: 'Addresses', body: page(s.address) }, ...commonProblems },
    },
    addAddress: {
      method: 'POST', path: '/v1/me/addresses', handler: 'handlers/add-address.ts', useCase: 'users.addAddress', emits: [], auth: 'user', access: write,
      summary: 'Add an address', headers: ['Idempotency-Key'],
      request: { body: s.addressInput },
      responses: { 201: { description: 'Address', body: s.address }, ...commonProblems, ...ruleProblem('Already 20 addresses') },
    },
    updateAddress: {
      method: 'PATCH', path: '/v1/me/addresses/{addressId}', handler: 'handlers/update-address.ts', useCase: 'users.updateAddress', emits: [], auth: 'user', access: write,
      summary: 'Change an address', headers: ['If-Match'],
      request: { params: addressParams, body: s.addressPatch },
      responses: {
        200: { description: 'Address', body: s.address }, ...commonProblems, ...conflict,
        ...ruleProblem('isDefault: false on the default address (make another one the default instead)'),
      },
    },
    deleteAddress: {
      method: 'DELETE', path: '/v1/me/addresses/{addressId}', handler: 'handlers/delete-address.ts', useCase: 'users.deleteAddress', emits: [], auth: 'user', access: write,
      summary: 'Remove an address',
      request: { params: addressParams },
      responses: { 204: { description: 'Removed' }, ...commonProblems },
    },
    listPets: {
      method: 'GET', path: '/v1/me/pets', handler: 'handlers/list-pets.ts', useCase: 'users.listPets', emits: [], auth: 'user', access: { ...read, uploads: 'read' },
      summary: 'My pets',
      request: { query: z.object(pageQuery) },
      responses: { 200: { description: 'Pets', body: page(s.pet) }, ...commonProblems },
    },
    addPet: {
      method: 'POST', path: '/v1/me/pets', handler: 'handlers/add-pet.ts', useCase: 'users.addPet', emits: ['pet.added'], auth: 'user', access: write,
      summary: 'Add a pet', headers: ['Idempotency-Key'],
      request: { body: s.petInput },
      responses: { 201: { description: 'Pet', body: s.pet }, ...commonProblems, ...ruleProblem('Already 50 pets') },
    },
    getPet: {
      method: 'GET', path: '/v1/me/pets/{petId}', handler: 'handlers/get-pet.ts', useCase: 'users.getPet', emits: [], auth: 'user', access: { ...read, uploads: 'read' },
      summary: 'One of my pets',
      request: { params: petParams },
      responses: { 200: { description: 'Pet', body: s.pet }, ...commonProblems },
    },
    updatePet: {
      method: 'PATCH', path: '/v1/me/pets/{petId}', handler: 'handlers/update-pet.ts', useCase: 'users.updatePet', emits: ['pet.updated'], auth: 'user', access: { ...write, uploads: 'read' },
      summary: 'Change a pet', headers: ['If-Match'],
      request: { params: petParams, body: s.petPatch },
      responses: { 200: { description: 'Pet', body: s.pet }, ...commonProblems, ...conflict },
    },
    deletePet: {
      method: 'DELETE', path: '/v1/me/pets/{petId}', handler: 'handlers/delete-pet.ts', useCase: 'users.deletePet', emits: ['pet.removed'], auth: 'user', access: write,
      summary: 'Remove a pet',
      request: { params: petParams },
      responses: { 204: { description: 'Removed' }, ...commonProblems },
    },
    requestPetPhotoUpload: {
      method: 'POST', path: '/v1/me/pets/{petId}/photo', handler: 'handlers/request-pet-photo-upload.ts', useCase: 'users.requestPetPhotoUpload', emits: ['pet.updated'], auth: 'user',
      access: { table: 'readwrite', uploads: 'readwrite' },
      summary: 'Get a presigned URL to upload the pet photo (HTTP PUT)',
      request: { params: petParams, body: s.photoRequest },
      responses: { 200: { description: 'Presigned upload', body: s.photoUpload }, ...commonProblems },
    },
    listPetRecords: {
      method: 'GET', path: '/v1/me/pets/{petId}/records', handler: 'handlers/list-pet-records.ts', useCase: 'users.listPetRecords', emits: [], auth: 'user', access: read,
      summary: 'Vaccinations, treatments and weight history of a pet, newest first',
      request: { params: petParams, query: z.object({ ...pageQuery, kind: z.enum(s.RECORD_KINDS).optional() }) },
      responses: { 200: { description: 'Records', body: page(s.petRecord) }, ...commonProblems },
    },
    addPetRecord: {
      method: 'POST', path: '/v1/me/pets/{petId}/records', handler: 'handlers/add-pet-record.ts', useCase: 'users.addPetRecord', emits: ['pet.record_added', 'pet.updated'], auth: 'user', access: write,
      summary: 'Add a vaccination, treatment or weight record', headers: ['Idempotency-Key'],
      request: { params: petParams, body: s.recordInput },
      responses: { 201: { description: 'Record', body: s.petRecord }, ...commonProblems },
    },
  },
  subscriptions: {
    createProfile: {
      description: 'A confirmed sign-up gets its profile',
      events: ['user.registered'],
      handler: 'handlers/on-user-registered.ts', useCase: 'users.createProfile', emits: [],
      access: write,
    },
  },
});
