import * as ImagePicker from 'expo-image-picker';
import type { PickedPhoto } from './pet-repository';

/**
 * Opens the device's photo library (on the web, a file input) for one image; null when cancelled.
 * Square crop and JPEG re-encoding on iOS/Android keep the upload small and in a type the API takes
 * (iPhones store HEIC); the web hands the file over as it is.
 */
export async function pickPhoto(): Promise<PickedPhoto | null> {
  const result = await ImagePicker.launchImageLibraryAsync({
    mediaTypes: ['images'],
    allowsEditing: true,
    aspect: [1, 1],
    quality: 0.8,
    preferredAssetRepresentationMode: ImagePicker.UIImagePickerPreferredAssetRepresentationMode.Compatible,
  });
  const asset = result.canceled ? undefined : result.assets[0];
  if (!asset) return null;
  return { uri: asset.uri, mimeType: asset.mimeType ?? null, sizeBytes: asset.fileSize ?? null };
}
