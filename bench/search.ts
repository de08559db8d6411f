/**
 * `node bench/search.ts`: the embedded search engine with 10,000 clinics. Measures a text + geo +
 * filter query and indexing one changed document against the budgets below; exits 1 when one is
 * missed. The data is generated (deterministic), spread over Indonesian cities in all three zones.
 */
import { seededRandom } from '#shared/lib/seeded-random.ts';
import { ENV } from '#shared/config/env.ts';
import { embeddedSearchEngine } from '../functions/search/engine/embedded.ts';
import type {
  ClinicDocument,
  ClinicQuery,
  ClinicServiceSummary,
  SearchEngine,
} from '../functions/search/engine/port.ts';
import {
  openingIndex,
  WEEKDAYS,
  type HoursRange,
  type Schedule,
  type ScheduleException,
  type Weekday,
} from '#shared/lib/opening-hours.ts';
import { SPECIES, type ServiceCategory, type Species, type VendorKind } from '#shared/lib/pet-care.ts';
import type { IndonesianTimeZone } from '#shared/lib/time.ts';
import { percentiles, runIfMain, type BenchResult, type Percentiles } from './measure.ts';

/**
 * p95 budgets in ms. Measured on a 2-core machine with the MiniSearch-based engine
 * (docs/decisions/0007): query p50 ≈ 2.8 ms, p95 ≈ 7 ms alone (8–11 ms with other test runs on
 * the two cores), upsert p95 ≈ 0.13 ms (≈ 0.15–0.27 ms contended). The hand-written index before
 * it: query p95 ≈ 2.3 ms, upsert p95 ≈ 0.12 ms.
 */
export const searchBudgets = {
  clinics: 10_000,
  queryP95Ms: 30,
  indexP95Ms: 2,
} as const;

const QUERY_RUNS = 200;
const INDEX_RUNS = 500;
const WARM_UP_RUNS = 50;

// ---------------------------------------------------------------- deterministic data

interface City {
  name: string;
  province: string;
  lat: number;
  lon: number;
  timeZone: IndonesianTimeZone;
  /** Relative share of vendors. */
  weight: number;
}

const CITIES: readonly City[] = [
  { name: 'Jakarta Pusat', province: 'DKI Jakarta', lat: -6.1862, lon: 106.8341, timeZone: 'Asia/Jakarta', weight: 6 },
  {
    name: 'Jakarta Selatan',
    province: 'DKI Jakarta',
    lat: -6.2615,
    lon: 106.8106,
    timeZone: 'Asia/Jakarta',
    weight: 9,
  },
  { name: 'Jakarta Barat', province: 'DKI Jakarta', lat: -6.1683, lon: 106.7589, timeZone: 'Asia/Jakarta', weight: 7 },
  { name: 'Jakarta Timur', province: 'DKI Jakarta', lat: -6.225, lon: 106.9004, timeZone: 'Asia/Jakarta', weight: 7 },
  { name: 'Jakarta Utara', province: 'DKI Jakarta', lat: -6.1384, lon: 106.8636, timeZone: 'Asia/Jakarta', weight: 5 },
  { name: 'Bogor', province: 'Jawa Barat', lat: -6.5971, lon: 106.806, timeZone: 'Asia/Jakarta', weight: 4 },
  { name: 'Depok', province: 'Jawa Barat', lat: -6.4025, lon: 106.7942, timeZone: 'Asia/Jakarta', weight: 4 },
  { name: 'Tangerang', province: 'Banten', lat: -6.1783, lon: 106.6319, timeZone: 'Asia/Jakarta', weight: 5 },
  { name: 'Bekasi', province: 'Jawa Barat', lat: -6.2383, lon: 106.9756, timeZone: 'Asia/Jakarta', weight: 5 },
  { name: 'Bandung', province: 'Jawa Barat', lat: -6.9175, lon: 107.6191, timeZone: 'Asia/Jakarta', weight: 6 },
  { name: 'Semarang', province: 'Jawa Tengah', lat: -6.9667, lon: 110.4167, timeZone: 'Asia/Jakarta', weight: 3 },
  { name: 'Yogyakarta', province: 'DI Yogyakarta', lat: -7.7956, lon: 110.3695, timeZone: 'Asia/Jakarta', weight: 3 },
  { name: 'Surabaya', province: 'Jawa Timur', lat: -7.2575, lon: 112.7521, timeZone: 'Asia/Jakarta', weight: 6 },
  { name: 'Malang', province: 'Jawa Timur', lat: -7.9666, lon: 112.6326, timeZone: 'Asia/Jakarta', weight: 2 },
  { name: 'Medan', province: 'Sumatera Utara', lat: 3.5952, lon: 98.6722, timeZone: 'Asia/Jakarta', weight: 4 },
  { name: 'Palembang', province: 'Sumatera Selatan', lat: -2.9761, lon: 104.7754, timeZone: 'Asia/Jakarta', weight: 2 },
  { name: 'Pekanbaru', province: 'Riau', lat: 0.5071, lon: 101.4478, timeZone: 'Asia/Jakarta', weight: 2 },
  { name: 'Padang', province: 'Sumatera Barat', lat: -0.9471, lon: 100.4172, timeZone: 'Asia/Jakarta', weight: 1 },
  { name: 'Pontianak', province: 'Kalimantan Barat', lat: -0.0263, lon: 109.3425, timeZone: 'Asia/Jakarta', weight: 1 },
  { name: 'Denpasar', province: 'Bali', lat: -8.6705, lon: 115.2126, timeZone: 'Asia/Makassar', weight: 4 },
  { name: 'Makassar', province: 'Sulawesi Selatan', lat: -5.1477, lon: 119.4327, timeZone: 'Asia/Makassar', weight: 3 },
  {
    name: 'Balikpapan',
    province: 'Kalimantan Timur',
    lat: -1.2379,
    lon: 116.8529,
    timeZone: 'Asia/Makassar',
    weight: 2,
  },
  { name: 'Manado', province: 'Sulawesi Utara', lat: 1.4748, lon: 124.8421, timeZone: 'Asia/Makassar', weight: 1 },
  { name: 'Ambon', province: 'Maluku', lat: -3.6954, lon: 128.1814, timeZone: 'Asia/Jayapura', weight: 1 },
  { name: 'Jayapura', province: 'Papua', lat: -2.5337, lon: 140.7181, timeZone: 'Asia/Jayapura', weight: 1 },
];

const NAME_PREFIXES: Record<VendorKind, readonly string[]> = {
  clinic: ['Klinik Hewan', 'Rumah Sakit Hewan', 'Praktek Dokter Hewan', 'Vet Clinic', 'Klinik Satwa', 'Animal Clinic'],
  groomer: ['Salon Hewan', 'Pet Grooming', 'Groomer', 'Pet Salon', 'Pet Spa'],
  shop: ['Pet Shop', 'Toko Hewan', 'Petshop', 'Pet Store'],
};
const NAME_WORDS = [
  'Sehat',
  'Ceria',
  'Bahagia',
  'Sahabat',
  'Kasih',
  'Satwa',
  'Anabul',
  'Meong',
  'Guguk',
  'Paw',
  'Happy',
  'Lucky',
  'Mitra',
  'Harapan',
  'Sentosa',
  'Jaya',
  'Abadi',
  'Prima',
  'Medika',
  'Utama',
  'Cinta',
  'Setia',
  'Bintang',
  'Pelangi',
  'Nusantara',
  'Mulia',
  'Amanah',
  'Berkah',
  'Family',
  'Care',
  'Friends',
  'Buddy',
  'Kitty',
  'Doggy',
  'Fluffy',
  'Mentari',
];
const SYLLABLES = [
  'ka',
  'ri',
  'ma',
  'su',
  'to',
  'no',
  'wi',
  'ja',
  'ya',
  'sa',
  'di',
  'ra',
  'ta',
  'ngo',
  'har',
  'jo',
  'mul',
  'kar',
  'ning',
  'sih',
  'pur',
  'wa',
  'ti',
  'an',
  'ban',
  'dung',
  'se',
  'la',
  'mat',
  'ko',
  'bu',
  'di',
  'han',
  'to',
  'gi',
  'lang',
];
const SERVICE_NAMES: Record<ServiceCategory, readonly string[]> = {
  vet_consultation: [
    'Konsultasi Umum',
    'Pemeriksaan Kesehatan',
    'General Checkup',
    'Konsultasi Kucing',
    'Konsultasi Anjing',
  ],
  vaccination: ['Vaksin Rabies', 'Vaksin F3 Kucing', 'Vaksin F4 Kucing', 'Vaksin DHPPi Anjing', 'Vaksin Kelinci'],
  sterilisation: ['Steril Kucing Betina', 'Steril Kucing Jantan', 'Kebiri Anjing', 'Sterilisasi Kelinci'],
  dental: ['Scaling Gigi', 'Cabut Gigi', 'Dental Cleaning'],
  surgery: ['Operasi Minor', 'Operasi Tumor', 'Bedah Ortopedi', 'Operasi Caesar'],
  lab_test: ['Tes Darah Lengkap', 'Rontgen', 'USG', 'Tes Urin', 'Tes FIV FeLV'],
  emergency: ['UGD 24 Jam', 'Rawat Inap', 'Penanganan Darurat'],
  grooming: ['Mandi Sehat', 'Mandi Kutu', 'Mandi Jamur', 'Potong Bulu', 'Full Grooming', 'Potong Kuku'],
  boarding: ['Penitipan Kucing', 'Penitipan Anjing', 'Pet Hotel AC', 'Kandang VIP'],
  daycare: ['Daycare Harian', 'Titip Harian', 'Playgroup Anjing'],
  pet_taxi: ['Antar Jemput', 'Pet Taxi Dalam Kota', 'Jemput ke Klinik'],
  training: ['Kelas Kepatuhan', 'Puppy Training', 'Latihan Toilet'],
  pet_supplies: ['Makanan Kucing', 'Makanan Anjing', 'Pasir Kucing', 'Aksesoris', 'Obat Kutu', 'Vitamin'],
};
const CATEGORIES_BY_KIND: Record<VendorKind, readonly ServiceCategory[]> = {
  clinic: [
    'vet_consultation',
    'vaccination',
    'sterilisation',
    'dental',
    'surgery',
    'lab_test',
    'emergency',
    'grooming',
    'boarding',
  ],
  groomer: ['grooming', 'boarding', 'daycare', 'pet_taxi', 'training'],
  shop: ['pet_supplies', 'grooming', 'pet_taxi'],
};
const PHRASES = [
  'Melayani dengan sepenuh hati.',
  'Dokter berpengalaman dan ramah.',
  'Tersedia parkir luas.',
  'Booking online lebih mudah.',
  'Fasilitas lengkap dan bersih.',
  'We speak English.',
  'Harga terjangkau untuk semua.',
  'Buka juga hari Minggu.',
];

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function properName(rnd: () => number): string {
  const count = 2 + Math.floor(rnd() * 3);
  let word = '';
  for (let i = 0; i < count; i += 1) word += pick(rnd, SYLLABLES);
  return capitalise(word);
}

function weightedCity(rnd: () => number): City {
  const total = CITIES.reduce((sum, city) => sum + city.weight, 0);
  let at = rnd() * total;
  for (const city of CITIES) {
    at -= city.weight;
    if (at < 0) return city;
  }
  return CITIES[0]!;
}

/** A point up to `maxKm` from the city centre, uniform over the disc. */
function around(rnd: () => number, city: City, maxKm: number): { lat: number; lon: number } {
  const distance = maxKm * Math.sqrt(rnd());
  const bearing = rnd() * 2 * Math.PI;
  const dLat = (distance * Math.cos(bearing)) / 111.195;
  const dLon = (distance * Math.sin(bearing)) / (111.195 * Math.cos((city.lat * Math.PI) / 180));
  return { lat: city.lat + dLat, lon: city.lon + dLon };
}

function days(hours: HoursRange[], closedOn: readonly Weekday[] = []): Record<Weekday, HoursRange[]> {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, closedOn.includes(day) ? [] : hours])) as Record<
    Weekday,
    HoursRange[]
  >;
}

function schedule(rnd: () => number, timeZone: IndonesianTimeZone, emergency: boolean): Schedule {
  const exceptions: ScheduleException[] = [];
  if (rnd() < 0.3) exceptions.push({ date: '2026-03-19', closed: true, note: 'Nyepi' });
  if (rnd() < 0.2) exceptions.push({ date: '2026-03-20', hours: [{ open: '10:00', close: '14:00' }] });
  if (emergency && rnd() < 0.7) return { timeZone, weekly: days([{ open: '00:00', close: '24:00' }]), exceptions };
  const variant = Math.floor(rnd() * 4);
  const weekly = [
    () => days([{ open: '08:00', close: '17:00' }]),
    () => days([{ open: '09:00', close: '21:00' }], ['sun']),
    () =>
      days(
        [
          { open: '08:00', close: '12:00' },
          { open: '16:00', close: '20:00' },
        ],
        ['sun'],
      ),
    () => days([{ open: '10:00', close: '22:00' }]),
  ][variant]!();
  return { timeZone, weekly, exceptions };
}

function clinic(rnd: () => number, index: number): ClinicDocument {
  const city = weightedCity(rnd);
  const kind: VendorKind = rnd() < 0.6 ? 'clinic' : rnd() < 0.6 ? 'groomer' : 'shop';
  const offered = CATEGORIES_BY_KIND[kind];
  const categoryCount = 1 + Math.floor(rnd() * Math.min(5, offered.length));
  const chosen = new Set<ServiceCategory>([offered[0]!]);
  while (chosen.size < categoryCount) chosen.add(pick(rnd, offered));
  const species = new Set<Species>([rnd() < 0.5 ? 'cat' : 'dog']);
  for (const extra of SPECIES) if (rnd() < 0.2) species.add(extra);
  const vendorId = `v-${String(index).padStart(5, '0')}`;
  const services: ClinicServiceSummary[] = [...chosen].flatMap((category, i) => {
    const names = [...SERVICE_NAMES[category]].sort(() => rnd() - 0.5).slice(0, 1 + Math.floor(rnd() * 3));
    return names.map((name, j) => ({
      serviceId: `${vendorId}-${i}-${j}`,
      name,
      category,
      species: [...species],
      durationMin: 30 + 15 * Math.floor(rnd() * 6),
      price: { amount: 50_000 + 25_000 * Math.floor(rnd() * 40), currency: 'IDR' as const },
      prepay: rnd() < 0.3,
    }));
  });
  const doctor = `drh. ${properName(rnd)}`;
  const hours = schedule(rnd, city.timeZone, chosen.has('emergency'));
  const rated = rnd() < 0.85;
  return {
    vendorId,
    name: `${pick(rnd, NAME_PREFIXES[kind])} ${pick(rnd, NAME_WORDS)}${rnd() < 0.5 ? ` ${pick(rnd, NAME_WORDS)}` : ''}`,
    kind,
    description:
      rnd() < 0.1
        ? null
        : `${kind === 'clinic' ? `Praktek ${doctor} di ${city.name}.` : `Layanan hewan di ${city.name}.`} ${pick(rnd, PHRASES)} ${pick(rnd, PHRASES)}`,
    address: `Jl. ${properName(rnd)} No. ${1 + Math.floor(rnd() * 250)}, Kel. ${properName(rnd)}`,
    city: city.name,
    province: city.province,
    ...around(rnd, city, 15),
    phone: `+62${8_100_000_000 + index}`,
    rating: rated ? Math.round((3 + rnd() * 2) * 10) / 10 : null,
    reviewCount: rated ? 1 + Math.floor(rnd() * 400) : 0,
    services,
    categories: [...chosen].sort(),
    species: [...species].sort(),
    schedule: hours,
    opening: openingIndex(hours),
    listingVersion: 1,
    updatedAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
  };
}

export function generateClinics(count: number, seed = 20260301): ClinicDocument[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => clinic(rnd, i));
}

/** What people type (both languages, with and without typos), with a category that fits. */
const QUERY_TEXTS: readonly [string, readonly ServiceCategory[]][] = [
  ['klinik hewan', ['vet_consultation', 'vaccination', 'sterilisation', 'lab_test']],
  ['klinik hewn', ['vet_consultation', 'vaccination']],
  ['dokter hewan', ['vet_consultation', 'surgery', 'dental']],
  ['vet', ['vet_consultation', 'vaccination', 'emergency']],
  ['vaksin', ['vaccination']],
  ['vaccine', ['vaccination']],
  ['vaksin rabies', ['vaccination']],
  ['grooming', ['grooming']],
  ['groming', ['grooming']],
  ['mandi kucing', ['grooming']],
  ['steril kucing', ['sterilisation']],
  ['rumah sakit hewan', ['surgery', 'emergency', 'lab_test']],
  ['pet shop', ['pet_supplies', 'grooming']],
  ['penitipan', ['boarding', 'daycare']],
  ['pet hotel', ['boarding']],
  ['darurat', ['emergency']],
  ['ugd 24 jam', ['emergency']],
  ['sehat', ['vet_consultation', 'grooming']],
  ['kasih satwa', ['vet_consultation', 'grooming', 'pet_supplies']],
  ['scaling gigi', ['dental']],
  ['rontgen', ['lab_test']],
  ['anjing', ['grooming', 'vet_consultation', 'training']],
  ['kucing', ['grooming', 'vet_consultation', 'boarding']],
  ['petshop makanan', ['pet_supplies']],
  ['salon hewan', ['grooming']],
  ['happy paw', ['grooming', 'vet_consultation']],
  ['antar jemput', ['pet_taxi']],
];

function queries(count: number): ClinicQuery[] {
  const rnd = seededRandom(7);
  return Array.from({ length: count }, () => {
    const city = weightedCity(rnd);
    const [q, categories] = pick(rnd, QUERY_TEXTS);
    return {
      q,
      ...around(rnd, city, 5),
      radiusKm: 10,
      category: pick(rnd, categories),
      // Any minute of the third week of March 2026 (Nyepi and special hours fall on it).
      openAt: new Date(Date.UTC(2026, 2, 16) + Math.floor(rnd() * 7 * 24 * 60) * 60_000),
      sort: 'distance',
      limit: 20,
    };
  });
}

// ---------------------------------------------------------------- measuring

interface Measured extends Percentiles {
  runs: number;
}

async function measure(runs: number, run: (i: number) => Promise<unknown>): Promise<Measured> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  return { ...percentiles(samples), runs };
}

export async function runSearchBench(): Promise<BenchResult> {
  // Search cursors are sealed (shared/lib/sealed-cursor.ts): CDK and the local platform give functions a key; the bench makes one up.
  process.env[ENV.cursorKey] ??= 'bench-cursor-key';
  const engine: SearchEngine = embeddedSearchEngine();
  const clinics = generateClinics(searchBudgets.clinics);
  const buildStart = performance.now();
  for (const document of clinics) await engine.upsertClinic(document);
  const buildMs = performance.now() - buildStart;

  const planned = queries(QUERY_RUNS + WARM_UP_RUNS);
  let hits = 0;
  let empty = 0;
  for (const query of planned.slice(QUERY_RUNS)) await engine.searchClinics(query);
  const query = await measure(QUERY_RUNS, async (i) => {
    const page = await engine.searchClinics(planned[i]!);
    hits += page.items.length;
    if (page.items.length === 0) empty += 1;
  });

  // A changed listing: new rating and review count, another name, a newer version.
  const rnd = seededRandom(99);
  const changed = (i: number): ClinicDocument => {
    const at = Math.floor(rnd() * clinics.length);
    const stored = clinics[at]!;
    const next: ClinicDocument = {
      ...stored,
      name: `${stored.name.split(' ').slice(0, -1).join(' ')} ${pick(rnd, NAME_WORDS)}`,
      rating: Math.round((3 + rnd() * 2) * 10) / 10,
      reviewCount: stored.reviewCount + 1,
      listingVersion: stored.listingVersion + 1,
      updatedAt: new Date(Date.UTC(2026, 2, 1) + i * 1000).toISOString(),
    };
    clinics[at] = next;
    return next;
  };
  for (let i = 0; i < WARM_UP_RUNS; i += 1) await engine.upsertClinic(changed(i));
  const index = await measure(INDEX_RUNS, (i) => engine.upsertClinic(changed(WARM_UP_RUNS + i)));

  const rows = [
    {
      name: 'query: q + geo 10 km + category + openAt, by distance',
      measured: query,
      budget: searchBudgets.queryP95Ms,
    },
    { name: 'index: upsert one changed clinic', measured: index, budget: searchBudgets.indexP95Ms },
  ];
  const ok = rows.every((row) => row.measured.p95 <= row.budget);
  const header = ['measure', 'runs', 'p50 ms', 'p95 ms', 'budget p95', 'result'];
  const body = rows.map((row) => [
    row.name,
    String(row.measured.runs),
    row.measured.p50.toFixed(3),
    row.measured.p95.toFixed(3),
    String(row.budget),
    row.measured.p95 <= row.budget ? 'ok' : 'FAIL',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  return {
    ok,
    lines: [
      `Embedded search, Node ${process.version}: ${searchBudgets.clinics.toLocaleString('en')} clinics indexed in ${buildMs.toFixed(0)} ms; ` +
        `queries returned ${(hits / QUERY_RUNS).toFixed(1)} hits on average (${empty} of ${QUERY_RUNS} none).`,
      line(header),
      line(widths.map((width) => '-'.repeat(width))),
      ...body.map(line),
    ],
  };
}

runIfMain(import.meta.url, runSearchBench);
