// A Storage SDK pipeline that trusts one extra CA certificate (Azurite's self-signed one) for its own requests,
// instead of NODE_EXTRA_CA_CERTS, which Node reads only when a process starts.
import { Agent } from 'node:https';
import {
  newPipeline,
  type Pipeline,
  type RequestPolicyFactory,
  type StoragePipelineOptions,
} from '@azure/storage-blob';

/**
 * `newPipeline(credential, options)` whose requests trust exactly `caCertificate` (Azurite's):
 * every request goes through an `https.Agent` with that CA. No retries, so a refused token fails at once.
 *
 * @example
 * ```ts
 * const client = new BlobServiceClient(azurite.blobEndpoint, trustingPipeline(tls.certificate, credential));
 * ```
 */
export function trustingPipeline(
  caCertificate: string,
  credential: Parameters<typeof newPipeline>[0],
  options: StoragePipelineOptions = {},
): Pipeline {
  const pipeline = newPipeline(credential, { retryOptions: { maxTries: 1 }, ...options });
  const agent = new Agent({ ca: caCertificate });
  const trustCa: RequestPolicyFactory = {
    create: (next) => ({
      sendRequest(request) {
        request.agent = agent;
        return next.sendRequest(request);
      },
    }),
  };
  pipeline.factories.push(trustCa);
  return pipeline;
}
