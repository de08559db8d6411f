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
  'vet_consultation',
  'vaccination',
  'sterilisation',
  'dental',
  'surgery',
  'lab_test',
  'emergency',
  'grooming',
  'boarding',
  'daycare',
  'pet_taxi',
  'training',
  'pet_supplies',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** Labels, plus the words people type for them (indexed with the vendor, so either language finds it). */
export const SERVICE_CATEGORY_LABELS: Record<ServiceCategory, { id: string; en: string; terms: readonly string[] }> = {
  vet_consultation: {
    id: 'Konsultasi dokter hewan',
    en: 'Vet consultation',
    terms: ['dokter hewan', 'vet', 'veterinarian', 'periksa', 'checkup'],
  },
  vaccination: { id: 'Vaksinasi', en: 'Vaccination', terms: ['vaksin', 'vaccine', 'rabies'] },
  sterilisation: {
    id: 'Sterilisasi',
    en: 'Sterilisation',
    terms: ['steril', 'kebiri', 'spay', 'neuter', 'castration'],
  },
  dental: { id: 'Perawatan gigi', en: 'Dental care', terms: ['gigi', 'scaling', 'teeth'] },
  surgery: { id: 'Operasi', en: 'Surgery', terms: ['bedah', 'operation'] },
  lab_test: {
    id: 'Tes laboratorium',
    en: 'Lab tests',
    terms: ['lab', 'darah', 'blood test', 'rontgen', 'x-ray', 'usg'],
  },
  emergency: { id: 'Gawat darurat', en: 'Emergency', terms: ['darurat', 'ugd', '24 jam', 'emergency'] },
  grooming: { id: 'Grooming', en: 'Grooming', terms: ['mandi', 'salon', 'potong bulu', 'bath', 'haircut'] },
  boarding: { id: 'Penitipan', en: 'Boarding', terms: ['hotel', 'titip', 'pet hotel', 'kennel'] },
  daycare: { id: 'Penitipan harian', en: 'Daycare', terms: ['daycare', 'titip harian'] },
  pet_taxi: { id: 'Antar jemput hewan', en: 'Pet taxi', terms: ['taksi', 'antar jemput', 'pick up', 'transport'] },
  training: { id: 'Pelatihan', en: 'Training', terms: ['latihan', 'obedience', 'trainer'] },
  pet_supplies: {
    id: 'Perlengkapan hewan',
    en: 'Pet supplies',
    terms: ['makanan', 'pakan', 'food', 'petshop', 'toko'],
  },
};

export const VENDOR_KINDS = ['clinic', 'groomer', 'shop'] as const;
export type VendorKind = (typeof VENDOR_KINDS)[number];

/** Product categories of the catalog (the catalog domain validates products against these). */
export const PRODUCT_CATEGORIES = [
  'food',
  'treats',
  'toys',
  'grooming_supplies',
  'health',
  'accessories',
  'litter',
  'housing',
  'aquarium',
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

/**
 * The second level of the product category tree: every subcategory belongs to one top-level
 * category (PRODUCT_CATEGORIES). A product has a subcategory and its top-level category; search
 * indexes both, with these labels, so "makanan kucing" or "cat food" finds the products under it.
 */
export const PRODUCT_SUBCATEGORIES = {
  dog_food: { category: 'food', id: 'Makanan anjing', en: 'Dog food' },
  cat_food: { category: 'food', id: 'Makanan kucing', en: 'Cat food' },
  wet_food: { category: 'food', id: 'Makanan basah', en: 'Wet food' },
  small_pet_food: { category: 'food', id: 'Makanan hewan kecil', en: 'Small pet food' },
  bird_food: { category: 'food', id: 'Pakan burung', en: 'Bird food' },
  fish_food: { category: 'food', id: 'Pakan ikan', en: 'Fish food' },
  dog_treats: { category: 'treats', id: 'Camilan anjing', en: 'Dog treats' },
  cat_treats: { category: 'treats', id: 'Camilan kucing', en: 'Cat treats' },
  dog_toys: { category: 'toys', id: 'Mainan anjing', en: 'Dog toys' },
  cat_toys: { category: 'toys', id: 'Mainan kucing', en: 'Cat toys' },
  shampoo_care: { category: 'grooming_supplies', id: 'Sampo & perawatan bulu', en: 'Shampoo & coat care' },
  grooming_tools: {
    category: 'grooming_supplies',
    id: 'Sisir, gunting kuku & alat grooming',
    en: 'Brushes, nail clippers & tools',
  },
  medicine_vitamins: { category: 'health', id: 'Obat & vitamin', en: 'Medicine & vitamins' },
  dewormers: { category: 'health', id: 'Obat cacing', en: 'Dewormers' },
  flea_tick: { category: 'health', id: 'Obat kutu & caplak', en: 'Flea & tick care' },
  supplements: { category: 'health', id: 'Suplemen', en: 'Supplements' },
  collars_leashes: { category: 'accessories', id: 'Kalung & tali', en: 'Collars & leashes' },
  bowls_feeders: { category: 'accessories', id: 'Tempat makan & minum', en: 'Bowls & feeders' },
  carriers: { category: 'accessories', id: 'Tas & kandang angkut', en: 'Carriers' },
  clothing: { category: 'accessories', id: 'Pakaian hewan', en: 'Pet clothing' },
  cat_litter: { category: 'litter', id: 'Pasir kucing', en: 'Cat litter' },
  litter_boxes: { category: 'litter', id: 'Bak pasir', en: 'Litter boxes' },
  cleaning: { category: 'litter', id: 'Pembersih & penghilang bau', en: 'Cleaning & odour control' },
  cages: { category: 'housing', id: 'Kandang', en: 'Cages & crates' },
  beds: { category: 'housing', id: 'Tempat tidur', en: 'Beds' },
  scratchers: { category: 'housing', id: 'Garukan & rumah kucing', en: 'Scratchers & cat trees' },
  tanks: { category: 'aquarium', id: 'Akuarium & toples', en: 'Tanks & bowls' },
  filters_pumps: { category: 'aquarium', id: 'Filter & pompa', en: 'Filters & pumps' },
  aquarium_decor: { category: 'aquarium', id: 'Dekorasi akuarium', en: 'Aquarium decor' },
} as const satisfies Record<string, { category: ProductCategory; id: string; en: string }>;
export type ProductSubcategory = keyof typeof PRODUCT_SUBCATEGORIES;
export const PRODUCT_SUBCATEGORY_KEYS = Object.keys(PRODUCT_SUBCATEGORIES) as [
  ProductSubcategory,
  ...ProductSubcategory[],
];

/** The top-level category of a subcategory. */
export function categoryOfSubcategory(subcategory: ProductSubcategory): ProductCategory {
  return PRODUCT_SUBCATEGORIES[subcategory].category;
}

/** The tree as the API lists it: each top-level category with its label and its subcategories, in declaration order. */
export function productCategoryTree() {
  return PRODUCT_CATEGORIES.map((category) => ({
    category,
    label: PRODUCT_CATEGORY_LABELS[category],
    subcategories: PRODUCT_SUBCATEGORY_KEYS.filter(
      (subcategory) => PRODUCT_SUBCATEGORIES[subcategory].category === category,
    ).map((subcategory) => ({
      subcategory,
      label: { id: PRODUCT_SUBCATEGORIES[subcategory].id, en: PRODUCT_SUBCATEGORIES[subcategory].en },
    })),
  }));
}

/** PPN (VAT): `standard` products carry it, `exempt` ones do not (e.g. some medicines; the vendor decides with its tax advisor). */
export const TAX_CATEGORIES = ['standard', 'exempt'] as const;
export type TaxCategory = (typeof TAX_CATEGORIES)[number];
