import { Aws, Stack } from 'aws-cdk-lib';
import { CfnAPIKey } from 'aws-cdk-lib/aws-location';
import { Construct } from 'constructs';

/**
 * Amazon Location Service for the customer app (decision 0035): the keyless "v2" Maps and Places
 * APIs — no map or place-index resource to create, only an API key, scoped to the region's default
 * data provider (`arn:aws:geo-maps:<region>::provider/default`). The browser sends the key, so it is
 * public by nature: it allows only what the app needs (map tiles, geocoding a typed address) and
 * only from the app's own pages (HTTP Referer).
 *
 * CloudFormation does not return a key's value (only its ARN and name); it is read at build time:
 * `aws location describe-key --key-name <MapsApiKeyName> --query Key --output text`.
 */

/** The map style the app draws (Standard and Monochrome exist in every region that has the v2 Maps API). */
export const MAP_STYLE = 'Standard';

/**
 * What the key may do. Rendering a v2 style needs GetTile only (the style descriptor, glyphs and
 * sprites need no authorisation); Geocode turns a typed address into coordinates. Add an action
 * here (e.g. `geo-places:Autocomplete`) when the app uses it.
 */
export const MAPS_KEY_ACTIONS = ['geo-maps:GetTile', 'geo-places:Geocode'] as const;

/** The style URL without its key (the app's `EXPO_PUBLIC_MAP_STYLE_URL` is this followed by the key). */
export function mapStyleUrlWithoutKey(region: string, style: string = MAP_STYLE): string {
  return `https://maps.geo.${region}.amazonaws.com/v2/styles/${style}/descriptor?key=`;
}

/** The v2 Places geocode endpoint without its key (POST, body `{ "QueryText": "…" }`). */
export function geocodeUrlWithoutKey(region: string): string {
  return `https://places.geo.${region}.amazonaws.com/v2/geocode?key=`;
}

export interface MapsApiKeyProps {
  /** e.g. `petpro-dev-customer-web`; renaming replaces the key (the app must be rebuilt with the new value). */
  keyName: string;
  /**
   * Pages allowed to use the key, as Referer patterns (`https://app.petpro.id/*`; `*` and `?` are
   * wildcards). Amazon Location accepts at most 5.
   */
  referers: string[];
  description: string;
}

/** An Amazon Location API key for map tiles and geocoding, usable from the listed pages only. */
export class MapsApiKey extends Construct {
  readonly key: CfnAPIKey;
  readonly keyName: string;

  constructor(scope: Construct, id: string, props: MapsApiKeyProps) {
    super(scope, id);
    if (props.referers.length === 0 || props.referers.length > 5)
      throw new Error(`an Amazon Location API key takes 1 to 5 referers, got ${props.referers.length}`);
    const provider = (service: string) => `arn:${Aws.PARTITION}:${service}:${Stack.of(this).region}::provider/default`;
    this.keyName = props.keyName;
    this.key = new CfnAPIKey(this, 'Key', {
      keyName: props.keyName,
      description: props.description,
      // A key with an expiry would stop the deployed app on that date; it is rotated by renaming instead.
      noExpiry: true,
      // Restrictions of a key used in the last 7 days change only with ForceUpdate (e.g. adding a referer).
      forceUpdate: true,
      // Deleting the stack (or renaming the key) deletes the key without the 90-day deactivation wait.
      forceDelete: true,
      restrictions: {
        allowActions: [...MAPS_KEY_ACTIONS],
        allowResources: [provider('geo-maps'), provider('geo-places')],
        allowReferers: props.referers,
      },
    });
  }
}
