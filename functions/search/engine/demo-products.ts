import type { ProductSubcategory } from '#shared/lib/pet-care.ts';

/**
 * The demo shops' catalogue (local/seed-products.ts `PRODUCTS`, copied: that module seeds through
 * the catalog's wiring, which search tests must not load): name, subcategory, rupiah, and the
 * description in Bahasa Indonesia and English. The contract suite ranks real shopper queries
 * against it. Keep the two lists in step when the demo catalogue changes.
 */
export interface DemoProduct {
  name: string;
  subcategory: ProductSubcategory;
  price: number;
  id: string;
  en: string;
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { name: 'Royal Canin Kitten 2 kg', subcategory: 'cat_food', price: 315_000, id: 'Makanan kering untuk anak kucing usia 4–12 bulan.', en: 'Dry food for kittens aged 4–12 months.' },
  { name: 'Royal Canin Indoor 27 2 kg', subcategory: 'cat_food', price: 299_000, id: 'Untuk kucing dewasa yang tinggal di dalam rumah; membantu mengurangi bau kotoran.', en: 'For adult indoor cats; helps reduce stool odour.' },
  { name: 'Whiskas Adult Tuna 1,2 kg', subcategory: 'cat_food', price: 62_000, id: 'Makanan kering kucing dewasa rasa tuna.', en: 'Dry food for adult cats, tuna flavour.' },
  { name: 'Whiskas Junior Mackerel 1,1 kg', subcategory: 'cat_food', price: 58_000, id: 'Makanan kering anak kucing rasa makerel.', en: 'Dry food for kittens, mackerel flavour.' },
  { name: 'Me-O Adult Seafood 1,2 kg', subcategory: 'cat_food', price: 48_000, id: 'Makanan kucing dewasa rasa seafood dengan taurin.', en: 'Adult cat food, seafood flavour, with taurine.' },
  { name: 'Me-O Kitten Ocean Fish 1,1 kg', subcategory: 'cat_food', price: 52_000, id: 'Makanan anak kucing rasa ikan laut.', en: 'Kitten food, ocean fish flavour.' },
  { name: 'Bolt Cat Food Tuna 1 kg (repack)', subcategory: 'cat_food', price: 26_000, id: 'Makanan kucing ekonomis bentuk ikan, kemasan repack.', en: 'Budget fish-shaped cat food, repacked.' },
  { name: 'Pedigree Adult Beef & Vegetables 1,5 kg', subcategory: 'dog_food', price: 75_000, id: 'Makanan kering anjing dewasa rasa daging sapi dan sayuran.', en: 'Dry food for adult dogs, beef and vegetables.' },
  { name: 'Pedigree Puppy Chicken & Egg 1,3 kg', subcategory: 'dog_food', price: 72_000, id: 'Makanan anak anjing rasa ayam dan telur.', en: 'Puppy food, chicken and egg.' },
  { name: 'Royal Canin Mini Adult 2 kg', subcategory: 'dog_food', price: 289_000, id: 'Untuk anjing ras kecil dewasa (hingga 10 kg).', en: 'For adult small-breed dogs (up to 10 kg).' },
  { name: 'Whiskas Pouch Tuna 80 g', subcategory: 'wet_food', price: 7_500, id: 'Makanan basah kucing dewasa rasa tuna, sachet.', en: 'Wet food for adult cats, tuna, pouch.' },
  { name: 'Me-O Pouch Sardine 80 g', subcategory: 'wet_food', price: 6_500, id: 'Makanan basah kucing rasa sarden.', en: 'Wet cat food, sardine.' },
  { name: 'Me-O Creamy Treats Salmon 4 x 15 g', subcategory: 'cat_treats', price: 16_000, id: 'Camilan kucing lembut yang dijilat, rasa salmon.', en: 'Lickable creamy cat treat, salmon.' },
  { name: 'Ciao Churu Tuna 4 x 14 g', subcategory: 'cat_treats', price: 28_000, id: 'Camilan kucing cair favorit, rasa tuna.', en: 'Favourite lickable cat treat, tuna.' },
  { name: 'Pedigree Dentastix Small 7 pcs', subcategory: 'dog_treats', price: 27_000, id: 'Camilan pembersih gigi untuk anjing kecil.', en: 'Dental chews for small dogs.' },
  { name: 'Drontal Cat 1 tablet', subcategory: 'dewormers', price: 35_000, id: 'Obat cacing kucing spektrum luas. Ikuti dosis sesuai berat badan.', en: 'Broad-spectrum dewormer for cats. Dose by body weight.' },
  { name: 'Drontal Plus Anjing 1 tablet', subcategory: 'dewormers', price: 45_000, id: 'Obat cacing anjing untuk cacing gelang, tambang dan pita.', en: 'Dog dewormer for roundworm, hookworm and tapeworm.' },
  { name: 'Frontline Plus Kucing 0,5 ml', subcategory: 'flea_tick', price: 125_000, id: 'Obat tetes kutu dan caplak untuk kucing, perlindungan sebulan.', en: 'Spot-on flea and tick treatment for cats, one month.' },
  { name: 'NexGard Anjing 4–10 kg', subcategory: 'flea_tick', price: 135_000, id: 'Tablet kunyah anti kutu dan caplak untuk anjing 4–10 kg.', en: 'Chewable flea and tick tablet for dogs 4–10 kg.' },
  { name: 'Nutri-Plus Gel 120 g', subcategory: 'medicine_vitamins', price: 145_000, id: 'Suplemen energi dan vitamin untuk kucing dan anjing yang sedang pemulihan.', en: 'Energy and vitamin supplement for recovering cats and dogs.' },
  { name: 'Vitamin Bulu Omega 3-6 60 ml', subcategory: 'supplements', price: 45_000, id: 'Membantu bulu lebat dan mengilap, mengurangi rontok.', en: 'For a thick, shiny coat and less shedding.' },
  { name: 'Pasir Kucing Gumpal Lavender 10 L', subcategory: 'cat_litter', price: 65_000, id: 'Pasir bentonit menggumpal cepat, wangi lavender.', en: 'Fast-clumping bentonite litter, lavender scent.' },
  { name: 'Pasir Kucing Zeolit 25 kg', subcategory: 'cat_litter', price: 55_000, id: 'Pasir zeolit hemat untuk banyak kucing.', en: 'Economical zeolite litter for multi-cat homes.' },
  { name: 'Pasir Tofu Original 6 L', subcategory: 'cat_litter', price: 75_000, id: 'Pasir tahu bisa dibuang ke toilet, rendah debu.', en: 'Flushable tofu litter, low dust.' },
  { name: 'Bak Pasir Kucing Jumbo + Sekop', subcategory: 'litter_boxes', price: 85_000, id: 'Bak pasir besar dengan pinggiran tinggi dan sekop.', en: 'Large high-sided litter box with scoop.' },
  { name: 'Sampo Kucing Anti Kutu 250 ml', subcategory: 'shampoo_care', price: 38_000, id: 'Sampo kucing dengan formula anti kutu, wangi segar.', en: 'Anti-flea cat shampoo, fresh scent.' },
  { name: 'Sisir Kutu Stainless', subcategory: 'grooming_tools', price: 25_000, id: 'Sisir rapat untuk mengangkat kutu dan telurnya.', en: 'Fine-tooth comb that lifts fleas and eggs.' },
  { name: 'Kalung Kucing Lonceng', subcategory: 'collars_leashes', price: 15_000, id: 'Kalung kucing dengan pengait aman dan lonceng.', en: 'Cat collar with safety buckle and bell.' },
  { name: 'Tali Tuntun Anjing 1,5 m', subcategory: 'collars_leashes', price: 45_000, id: 'Tali tuntun nilon kuat untuk anjing kecil hingga sedang.', en: 'Strong nylon leash for small to medium dogs.' },
  { name: 'Tempat Makan Kucing Double Bowl', subcategory: 'bowls_feeders', price: 35_000, id: 'Dua mangkuk untuk makan dan minum dengan alas anti selip.', en: 'Double bowl for food and water, non-slip base.' },
  { name: 'Pet Cargo Kucing Ukuran M', subcategory: 'carriers', price: 150_000, id: 'Kandang angkut untuk perjalanan dan ke dokter hewan.', en: 'Travel carrier for trips and vet visits.' },
  { name: 'Mainan Tongkat Bulu Kucing', subcategory: 'cat_toys', price: 15_000, id: 'Tongkat mainan berbulu untuk bermain bersama kucing.', en: 'Feather wand toy for playing with your cat.' },
  { name: 'Mainan Tali Gigit Anjing', subcategory: 'dog_toys', price: 25_000, id: 'Tali katun untuk digigit dan tarik-tarikan.', en: 'Cotton rope toy for chewing and tug.' },
  { name: 'Garukan Kucing Kardus', subcategory: 'scratchers', price: 45_000, id: 'Papan garukan kardus bergelombang dengan catnip.', en: 'Corrugated cardboard scratcher with catnip.' },
  { name: 'Kasur Hewan Donat 50 cm', subcategory: 'beds', price: 120_000, id: 'Kasur bulat empuk untuk kucing dan anjing kecil.', en: 'Soft round bed for cats and small dogs.' },
  { name: 'Pakan Burung Kenari 500 g', subcategory: 'bird_food', price: 25_000, id: 'Campuran biji-bijian untuk burung kenari.', en: 'Seed mix for canaries.' },
  { name: 'Takari Pelet Ikan Hias 100 g', subcategory: 'fish_food', price: 12_000, id: 'Pelet terapung untuk ikan hias.', en: 'Floating pellets for ornamental fish.' },
  { name: 'Pelet Kelinci 1 kg', subcategory: 'small_pet_food', price: 35_000, id: 'Pelet berserat tinggi untuk kelinci.', en: 'High-fibre pellets for rabbits.' },
  { name: 'Toples Ikan Cupang 3 L', subcategory: 'tanks', price: 35_000, id: 'Toples kaca untuk ikan cupang.', en: 'Glass bowl for betta fish.' },
];
