import { App } from 'aws-cdk-lib';
import { loadManifests } from '#shared/manifest/registry.ts';
import { buildApp } from './build-app.ts';

/**
 * CDK entry (cdk.json: `node infra/app.ts`). Context: stage (dev), region (ap-southeast-3),
 * emailFrom, allowedOrigins, throttleRate, throttleBurst — see infra/config.ts.
 */
const app = new App();
buildApp({ app, manifests: await loadManifests(), account: process.env.CDK_DEFAULT_ACCOUNT });
app.synth();
