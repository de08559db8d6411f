/**
 * The shared vocabulary of pet care: species and service categories, with their labels in
 * Bahasa Indonesia and English. Users (pets), vendors (services) and search (indexing and
 * filters) all read these lists.
 */
export const SPECIES = ['dog', 'cat', 'rabbit', 'bird', 'hamster', 'guinea_pig', 'fish', 'reptile', 'other'] as const;
export type Species = (typeof SPECIES)[number];

export const SPECIES_LABELS: Record<Species, { id: string; en: string }> = {
  dog: { id: 'anjing', en: 'dog' },
  cat: { id: 'kucing', en: 'cat' },
  rabbit: { id: 'kelinci', en: 'rabbit' },
  bird: { id: 'burung', en: 'bird' },
  hamster: { id: 'hamster', en: 'hamster' },
  guinea_pig: { id: 'marmut', en: 'guinea pig' },
  fish: { id: 'ikan', en: 'fish' },
  reptile: { id: 'reptil', en: 'reptile' },
  other: { id: 'lainnya', en: 'other' },
};

export const SERVICE_CATEGORIES = [
  'vet_consultation', 'vaccination', 'sterilisation', 'dental', 'surgery', 'lab_test', 'emergency',
  'grooming', 'boarding', 'daycare', 'pet_taxi', 'training', 'pet_supplies',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** Labels, plus the words people type for them (indexed with the vendor, so either language finds it). */
export const SERVICE_CATEGORY_LABELS: Record<ServiceCategory, { id: string; en: string; terms: readonly string[] }> = {
  vet_consultation: { id: 'Konsultasi dokter hewan', en: 'Vet consultation', terms: ['dokter hewan', 'vet', 'veterinarian', 'periksa', 'checkup'] },
  vaccination: { id: 'Vaksinasi', en: 'Vaccination', terms: ['vaksin', 'vaccine', 'rabies'] },
  sterilisation: { id: 'Sterilisasi', en: 'Sterilisation', terms: ['steril', 'kebiri', 'spay', 'neuter', 'castration'] },
  dental: { id: 'Perawatan gigi', en: 'Dental care', terms: ['gigi', 'scaling', 'teeth'] },
  surgery: { id: 'Operasi', en: 'Surgery', terms: ['bedah', 'operation'] },
  lab_test: { id: 'Tes laboratorium', en: 'Lab tests', terms: ['lab', 'darah', 'blood test', 'rontgen', 'x-ray', 'usg'] },
  emergency: { id: 'Gawat darurat', en: 'Emergency', terms: ['darurat', 'ugd', '24 jam', 'emergency'] },
  grooming: { id: 'Grooming', en: 'Grooming', terms: ['mandi', 'salon', 'potong bulu', 'bath', 'haircut'] },
  boarding: { id: 'Penitipan', en: 'Boarding', terms: ['hotel', 'titip', 'pet hotel', 'kennel'] },
  daycare: { id: 'Penitipan harian', en: 'Daycare', terms: ['daycare', 'titip harian'] },
  pet_taxi: { id: 'Antar jemput hewan', en: 'Pet taxi', terms: ['taksi', 'antar jemput', 'pick up', 'transport'] },
  training: { id: 'Pelatihan', en: 'Training', terms: ['latihan', 'obedience', 'trainer'] },
  pet_supplies: { id: 'Perlengkapan hewan', en: 'Pet supplies', terms: ['makanan', 'pakan', 'food', 'petshop', 'toko'] },
};

export const VENDOR_KINDS = ['clinic', 'groomer', 'shop'] as const;
export type VendorKind = (typeof VENDOR_KINDS)[number];

/** Product categories of the catalog (the catalog domain validates products against these). */
export const PRODUCT_CATEGORIES = [
  'food', 'treats', 'toys', 'grooming_supplies', 'health', 'accessories', 'litter', 'housing', 'aquarium',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export const PRODUCT_CATEGORY_LABELS: Record<ProductCategory, { id: string; en: string }> = {
  food: { id: 'Makanan', en: 'Food' },
  treats: { id: 'Camilan', en: 'Treats' },
  toys: { id: 'Mainan', en: 'Toys' },
  grooming_supplies: { id: 'Perlengkapan grooming', en: 'Grooming supplies' },
  health: { id: 'Kesehatan & vitamin', en: 'Health & vitamins' },
  accessories: { id: 'Aksesori', en: 'Accessories' },
  litter: { id: 'Pasir & kebersihan', en: 'Litter & hygiene' },
  housing: { id: 'Kandang & tempat tidur', en: 'Cages & beds' },
  aquarium: { id: 'Akuarium', en: 'Aquarium' },
};
