import * as z from 'zod';
import { defineDomain } from '#shared/manifest/types.ts';
import { commonProblems, conflictProblem, forbiddenProblem, page, pageQuery, problemResponse, ruleProblem } from '#shared/http/schemas.ts';
import * as s from './schemas.ts';

const read = { table: 'read' } as const;
const write = { table: 'readwrite' } as const;
const grantsGroups = { table: 'readwrite', userPool: ['AdminAddUserToGroup'] } as const;
const admins = ['platform_admin'] as const;
const forbidden = forbiddenProblem('Not allowed for your role on this vendor');

/** Vendors: clinics, groomers and shops — applications, review, staff, services, hours, documents, reviews. */
export const manifest = defineDomain({
  domain: 'vendors',
  description: 'Clinic, groomer and shop onboarding, staff, services, opening hours, documents and reviews',
  routes: {
    apply: {
      method: 'POST', path: '/v1/vendors', handler: 'handlers/apply.ts', useCase: 'vendors.apply', emits: ['vendor.registered'], auth: 'user', access: write,
      summary: 'Apply to list a clinic, groomer or shop (starts as a draft)',
      request: { body: s.applyInput },
      responses: { 201: { description: 'Application', body: s.vendor }, ...commonProblems, ...ruleProblem('Too many open applications') },
    },
    myVendors: {
      method: 'GET', path: '/v1/me/vendors', handler: 'handlers/my-vendors.ts', useCase: 'vendors.myVendors', emits: [], auth: 'user', access: read,
      summary: 'Vendors I work for, with my role',
      responses: { 200: { description: 'Memberships', body: z.object({ items: z.array(s.myVendor) }) }, ...commonProblems },
    },
    getVendor: {
      method: 'GET', path: '/v1/vendors/{vendorId}', handler: 'handlers/get-vendor.ts', useCase: 'vendors.get', emits: [], auth: 'user', access: read,
      summary: 'The full vendor record (its staff, the applicant, platform admins)',
      request: { params: s.vendorParams },
      responses: { 200: { description: 'Vendor', body: s.vendor }, ...commonProblems },
    },
    updateVendor: {
      method: 'PATCH', path: '/v1/vendors/{vendorId}', handler: 'handlers/update-vendor.ts', useCase: 'vendors.update', emits: ['vendor.listing_updated'], auth: 'user', access: write,
      summary: 'Change the vendor profile (vendor admin)', headers: ['If-Match'],
      request: { params: s.vendorParams, body: s.vendorPatch },
      responses: { 200: { description: 'Vendor', body: s.vendor }, ...commonProblems, ...forbidden, ...conflictProblem('Version mismatch, or under review') },
    },
    submitVendor: {
      method: 'POST', path: '/v1/vendors/{vendorId}/submit', handler: 'handlers/submit-vendor.ts', useCase: 'vendors.submit', emits: ['vendor.submitted'], auth: 'user', access: write,
      summary: 'Send the application for review (draft or rejected → submitted)',
      request: { params: s.vendorParams },
      responses: { 200: { description: 'Vendor', body: s.vendor }, ...commonProblems, ...forbidden, ...conflictProblem('Not a draft'), ...ruleProblem('No document uploaded yet') },
    },
    vendorHistory: {
      method: 'GET', path: '/v1/vendors/{vendorId}/history', handler: 'handlers/vendor-history.ts', useCase: 'vendors.history', emits: [], auth: 'user', access: read,
      summary: 'Every status change, with who made it',
      request: { params: s.vendorParams, query: z.object(pageQuery) },
      responses: { 200: { description: 'History', body: page(s.historyEntry) }, ...commonProblems, ...forbidden },
    },
    requestDocumentUpload: {
      method: 'POST', path: '/v1/vendors/{vendorId}/documents', handler: 'handlers/request-document-upload.ts', useCase: 'vendors.requestDocumentUpload', emits: [], auth: 'user',
      access: { table: 'readwrite', uploads: 'readwrite' },
      summary: 'Presigned upload (HTTP PUT) of a licence or permit: PDF, JPEG or PNG up to 10 MB',
      request: { params: s.vendorParams, body: s.documentRequest },
      responses: { 201: { description: 'Presigned upload', body: s.documentUpload }, ...commonProblems, ...forbidden, ...ruleProblem('Type or size not accepted') },
    },
    listDocuments: {
      method: 'GET', path: '/v1/vendors/{vendorId}/documents', handler: 'handlers/list-documents.ts', useCase: 'vendors.listDocuments', emits: [], auth: 'user',
      access: { table: 'read', uploads: 'read' },
      summary: 'Documents with short-lived download links (vendor admins, reviewing platform admins)',
      request: { params: s.vendorParams },
      responses: { 200: { description: 'Documents', body: z.object({ items: z.array(s.documentItem) }) }, ...commonProblems, ...forbidden },
    },
    reviewQueue: {
      method: 'GET', path: '/v1/admin/vendors', handler: 'handlers/review-queue.ts', useCase: 'vendors.reviewQueue', emits: [], auth: 'user', groups: admins, access: read,
      summary: 'Vendors by status, oldest change first (default: submitted, the review queue)',
      request: { query: s.statusQuery },
      responses: { 200: { description: 'Vendors', body: page(s.vendor) }, ...commonProblems, ...forbidden },
    },
    approveVendor: {
      method: 'POST', path: '/v1/admin/vendors/{vendorId}/approve', handler: 'handlers/approve-vendor.ts', emits: ['vendor.approved', 'vendor.listing_updated', 'vendor.staff_added'], auth: 'user', groups: admins,
      access: grantsGroups,
      summary: 'Approve (or reinstate) a vendor; the applicant becomes its clinic_admin',
      request: { params: s.vendorParams },
      responses: { 200: { description: 'Vendor', body: s.vendor }, ...commonProblems, ...forbidden, ...conflictProblem('Not submitted or suspended') },
    },
    rejectVendor: {
      method: 'POST', path: '/v1/admin/vendors/{vendorId}/reject', handler: 'handlers/reject-vendor.ts', useCase: 'vendors.reject', emits: ['vendor.rejected'], auth: 'user', groups: admins, access: write,
      summary: 'Reject an application, with the reason the applicant will read',
      request: { params: s.vendorParams, body: s.reasonInput },
      responses: { 200: { description: 'Vendor', body: s.vendor }, ...commonProblems, ...forbidden, ...conflictProblem('Not submitted') },
    },
    suspendVendor: {
      method: 'POST', path: '/v1/admin/vendors/{vendorId}/suspend', handler: 'handlers/suspend-vendor.ts', useCase: 'vendors.suspend', emits: ['vendor.listing_updated', 'vendor.suspended'], auth: 'user', groups: admins, access: write,
      summary: 'Suspend an approved vendor (it leaves search)',
      request: { params: s.vendorParams, body: s.reasonInput },
      responses: { 200: { description: 'Vendor', body: s.vendor }, ...commonProblems, ...forbidden, ...conflictProblem('Not approved') },
    },
    listStaff: {
      method: 'GET', path: '/v1/vendors/{vendorId}/staff', handler: 'handlers/list-staff.ts', useCase: 'vendors.listStaff', emits: [], auth: 'user', access: read,
      summary: 'Staff and pending invitations (vendor admin)',
      request: { params: s.vendorParams },
      responses: { 200: { description: 'Staff', body: s.staff }, ...commonProblems, ...forbidden },
    },
    inviteStaff: {
      method: 'POST', path: '/v1/vendors/{vendorId}/staff', handler: 'handlers/invite-staff.ts', useCase: 'vendors.inviteStaff', emits: ['notification.requested'], auth: 'user', access: write,
      summary: 'Invite someone by email or phone as clinic_staff or clinic_admin (they get a code)',
      request: { params: s.vendorParams, body: s.inviteInput },
      responses: { 201: { description: 'Invitation', body: s.invitation }, ...commonProblems, ...forbidden, ...conflictProblem('Vendor not approved') },
    },
    acceptInvitation: {
      method: 'POST', path: '/v1/vendors/{vendorId}/invitations/{invitationId}/accept', handler: 'handlers/accept-invitation.ts', emits: ['vendor.listing_updated', 'vendor.staff_added'], auth: 'user',
      access: grantsGroups,
      summary: 'Join a vendor with the code from an invitation sent to your verified email or phone',
      request: { params: s.invitationParams, body: s.acceptInput },
      responses: {
        200: { description: 'Joined', body: z.object({ vendorId: z.string(), name: z.string(), role: z.string() }) },
        ...commonProblems,
        404: problemResponse('No such invitation for you: unknown, expired, used, or sent to another email or phone (invitation-not-found)'),
        ...conflictProblem('Already a member, or the invitation is locked after 5 wrong codes (invitation-locked, state: locked; invite again)'),
        ...ruleProblem('Wrong code (invitation-invalid, with attemptsLeft)'),
        429: problemResponse('More than 10 invitation attempts this hour (invitation-attempts, with retryAfterSeconds)'),
      },
    },
    removeStaff: {
      method: 'DELETE', path: '/v1/vendors/{vendorId}/staff/{userId}', handler: 'handlers/remove-staff.ts', useCase: 'vendors.removeStaff', emits: ['vendor.listing_updated', 'vendor.staff_removed'], auth: 'user', access: write,
      summary: 'Remove a staff member (a vendor keeps at least one admin)',
      request: { params: s.staffParams },
      responses: { 204: { description: 'Removed' }, ...commonProblems, ...forbidden, ...ruleProblem('The last admin') },
    },
    listServices: {
      method: 'GET', path: '/v1/vendors/{vendorId}/services', handler: 'handlers/list-services.ts', useCase: 'vendors.listServices', emits: [], auth: 'user', access: read,
      summary: 'All services, active or not (vendor staff)',
      request: { params: s.vendorParams },
      responses: { 200: { description: 'Services', body: z.object({ items: z.array(s.service) }) }, ...commonProblems },
    },
    addService: {
      method: 'POST', path: '/v1/vendors/{vendorId}/services', handler: 'handlers/add-service.ts', useCase: 'vendors.addService', emits: ['vendor.listing_updated'], auth: 'user', access: write,
      summary: 'Add a service (vendor admin)',
      request: { params: s.vendorParams, body: s.serviceInput },
      responses: { 201: { description: 'Service', body: s.service }, ...commonProblems, ...forbidden, ...ruleProblem('Too many services') },
    },
    updateService: {
      method: 'PATCH', path: '/v1/vendors/{vendorId}/services/{serviceId}', handler: 'handlers/update-service.ts', useCase: 'vendors.updateService', emits: ['vendor.listing_updated'], auth: 'user', access: write,
      summary: 'Change a service (vendor admin)', headers: ['If-Match'],
      request: { params: s.serviceParams, body: s.servicePatch },
      responses: { 200: { description: 'Service', body: s.service }, ...commonProblems, ...forbidden, ...conflictProblem('Version mismatch') },
    },
    deleteService: {
      method: 'DELETE', path: '/v1/vendors/{vendorId}/services/{serviceId}', handler: 'handlers/delete-service.ts', useCase: 'vendors.deleteService', emits: ['vendor.listing_updated'], auth: 'user', access: write,
      summary: 'Remove a service (vendor admin)',
      request: { params: s.serviceParams },
      responses: { 204: { description: 'Removed' }, ...commonProblems, ...forbidden },
    },
    getSchedule: {
      method: 'GET', path: '/v1/vendors/{vendorId}/schedule', handler: 'handlers/get-schedule.ts', useCase: 'vendors.getSchedule', emits: [], auth: 'user', access: read,
      summary: 'Weekly opening hours, dated exceptions and time zone',
      request: { params: s.vendorParams },
      responses: { 200: { description: 'Schedule', body: s.scheduleView }, ...commonProblems },
    },
    putSchedule: {
      method: 'PUT', path: '/v1/vendors/{vendorId}/schedule', handler: 'handlers/put-schedule.ts', useCase: 'vendors.putSchedule', emits: ['vendor.listing_updated'], auth: 'user', access: write,
      summary: 'Replace the opening hours (vendor admin)', headers: ['If-Match'],
      request: { params: s.vendorParams, body: s.schedule },
      maxBodyBytes: 32 * 1024,
      responses: { 200: { description: 'Schedule', body: s.scheduleView }, ...commonProblems, ...forbidden, ...conflictProblem('Version mismatch') },
    },
    getBookingPolicy: {
      method: 'GET', path: '/v1/vendors/{vendorId}/booking-policy', handler: 'handlers/get-booking-policy.ts', useCase: 'vendors.getBookingPolicy', emits: [], auth: 'user', access: read,
      summary: 'Booking rules: lead time, horizon, free-cancellation cutoff (defaults until set)',
      request: { params: s.vendorParams },
      responses: { 200: { description: 'Booking policy', body: s.bookingPolicyView }, ...commonProblems },
    },
    putBookingPolicy: {
      method: 'PUT', path: '/v1/vendors/{vendorId}/booking-policy', handler: 'handlers/put-booking-policy.ts', useCase: 'vendors.putBookingPolicy', emits: ['vendor.listing_updated'], auth: 'user', access: write,
      summary: 'Set the booking rules (vendor admin); slots and cancellations follow them', headers: ['If-Match'],
      request: { params: s.vendorParams, body: s.bookingPolicy },
      responses: { 200: { description: 'Booking policy', body: s.bookingPolicyView }, ...commonProblems, ...forbidden, ...conflictProblem('Version mismatch') },
    },
    holidaySuggestions: {
      method: 'GET', path: '/v1/vendors/{vendorId}/schedule/holidays', handler: 'handlers/holiday-suggestions.ts', useCase: 'vendors.holidaySuggestions', emits: [], auth: 'user', access: read,
      summary: 'Indonesian national holidays (2026–2027) the schedule does not close for yet',
      request: { params: s.vendorParams, query: s.holidayQuery },
      responses: { 200: { description: 'Suggested closures', body: z.object({ items: z.array(s.holiday) }) }, ...commonProblems },
    },
    acceptHolidays: {
      method: 'POST', path: '/v1/vendors/{vendorId}/schedule/holidays', handler: 'handlers/accept-holidays.ts', useCase: 'vendors.acceptHolidays', emits: ['vendor.listing_updated'], auth: 'user', access: write,
      summary: 'Close on the chosen national holidays (vendor admin)',
      request: { params: s.vendorParams, body: s.acceptHolidaysInput },
      responses: { 200: { description: 'Schedule', body: s.scheduleView }, ...commonProblems, ...forbidden },
    },
    listReviews: {
      method: 'GET', path: '/v1/vendors/{vendorId}/reviews', handler: 'handlers/list-reviews.ts', useCase: 'vendors.listReviews', emits: [], auth: 'public', access: read,
      summary: 'Reviews of a listed vendor, newest first',
      request: { params: s.vendorParams, query: z.object(pageQuery) },
      responses: { 200: { description: 'Reviews', body: page(s.review) }, 400: commonProblems[400], 404: commonProblems[404] },
    },
  },
  subscriptions: {
    recordReview: {
      description: 'A review of a completed booking moves the vendor rating',
      events: ['review.submitted'],
      handler: 'handlers/on-review-submitted.ts', useCase: 'vendors.recordReview', emits: ['vendor.listing_updated'],
      access: write,
    },
  },
});
