// The Azure DevOps OIDC endpoint a pipeline job calls (`SYSTEM_OIDCREQUESTURI`): with the job's
// System.AccessToken it returns an OIDC token for a service connection, signed by an issuer the emulator
// hosts, whose subject is the connection's (`sc://org/project/connection`). An app with a federated
// credential for that issuer and subject accepts it as a client assertion.
import { createHash, timingSafeEqual } from 'node:crypto';
import { newGuid } from './emulator-encoding.js';
import type {
  EmulatorIssuer,
  EmulatorResponse,
  EmulatorRouteHandler,
  PipelineRegistration,
} from './emulator-types.js';

/**
 * The path of the OIDC token endpoint, as Azure DevOps serves it under the organization.
 *
 * @example
 * ```ts
 * emulator.addRoute('POST', AZURE_PIPELINES_OIDC_PATH, 'azure-pipelines-oidc', handler);
 * ```
 */
export const AZURE_PIPELINES_OIDC_PATH =
  '/:organization/:project/_apis/distributedtask/hubs/build/plans/:plan/jobs/:job/oidctoken';

/**
 * What `registerPipeline` returns: the value of `SYSTEM_OIDCREQUESTURI`, and the issuer and subject to put on
 * the app's federated credential.
 *
 * @example
 * ```ts
 * const pipeline = emulator.registerPipeline({ systemAccessToken, serviceConnectionId });
 * emulator.registerApp({ federatedCredentials: [{ issuer: pipeline.issuer, subject: pipeline.subject }] });
 * ```
 */
export interface RegisteredPipeline {
  oidcRequestUri: string;
  issuer: string;
  subject: string;
  serviceConnectionId: string;
}

interface StoredPipeline extends RegisteredPipeline {
  tokenHash: Buffer;
  organization: string;
  issuerHandle: EmulatorIssuer;
}

const SEGMENT = /^[A-Za-z0-9._-]{1,100}$/;
const hash = (text: string) => createHash('sha256').update(text).digest();

// Azure DevOps's error body, and the correlation headers every response carries.
function devOpsAnswer(status: number, message: string, extra: Record<string, string> = {}): EmulatorResponse {
  return {
    status,
    headers: {
      'x-vss-e2eid': newGuid(),
      'x-msedge-ref': `Ref A: ${newGuid().replace(/-/g, '').toUpperCase()}`,
      ...extra,
    },
    json: {
      $id: '1',
      innerException: null,
      message,
      typeName: 'Microsoft.VisualStudio.Services.WebApi.VssServiceException',
      errorCode: 0,
    },
  };
}

/**
 * The OIDC endpoint and its pipeline registry. `createIssuer` is the emulator's, so tokens are signed by a
 * hosted issuer (`{url}/issuers/vstoken-{organization}`) the token endpoint trusts directly.
 *
 * @example
 * ```ts
 * const pipelines = createAzurePipelines(() => url, createIssuer);
 * router.add('POST', AZURE_PIPELINES_OIDC_PATH, 'azure-pipelines-oidc', pipelines.route);
 * ```
 */
export function createAzurePipelines(
  baseUrl: () => string,
  createIssuer: (name: string) => EmulatorIssuer,
): {
  route: EmulatorRouteHandler;
  registerPipeline(registration: PipelineRegistration): RegisteredPipeline;
  readonly pipelines: readonly RegisteredPipeline[];
} {
  const pipelines: StoredPipeline[] = [];

  const registerPipeline = (registration: PipelineRegistration): RegisteredPipeline => {
    const { systemAccessToken, serviceConnectionId } = registration ?? {};
    if (typeof systemAccessToken !== 'string' || !systemAccessToken)
      throw new TypeError('A pipeline needs a systemAccessToken.');
    if (typeof serviceConnectionId !== 'string' || !SEGMENT.test(serviceConnectionId))
      throw new TypeError('A pipeline needs a serviceConnectionId (letters, digits, ".", "_", "-").');
    const organization = registration.organization ?? 'emulated-org';
    const project = registration.project ?? 'emulated-project';
    if (!SEGMENT.test(organization) || !SEGMENT.test(project))
      throw new TypeError('organization and project must be single path segments.');
    const issuerHandle = createIssuer(`vstoken-${organization}`);
    const stored: StoredPipeline = {
      oidcRequestUri: `${baseUrl()}/${organization}/${project}/_apis/distributedtask/hubs/build/plans/${newGuid()}/jobs/${newGuid()}/oidctoken`,
      issuer: issuerHandle.issuer,
      subject: registration.subject ?? `sc://${organization}/${project}/${serviceConnectionId}`,
      serviceConnectionId,
      tokenHash: hash(systemAccessToken),
      organization,
      issuerHandle,
    };
    pipelines.push(stored);
    const { oidcRequestUri, issuer, subject } = stored;
    return { oidcRequestUri, issuer, subject, serviceConnectionId };
  };

  const route: EmulatorRouteHandler = async (ctx) => {
    const apiVersion = ctx.query.get('api-version');
    if (apiVersion !== '7.1')
      return devOpsAnswer(
        400,
        `The requested REST API version '${apiVersion ?? ''}' is not supported here; use api-version=7.1.`,
      );
    const serviceConnectionId = ctx.query.get('serviceConnectionId');
    if (!serviceConnectionId)
      return devOpsAnswer(400, 'The serviceConnectionId query parameter is required.');

    const header = ctx.headers.authorization ?? '';
    const presented = /^bearer (.+)$/i.exec(header)?.[1]?.trim();
    const caller = presented
      ? pipelines.find(
          (p) => p.organization === ctx.params.organization && timingSafeEqual(p.tokenHash, hash(presented)),
        )
      : undefined;
    if (!caller) {
      // Without X-TFS-FedAuthRedirect: Suppress, Azure DevOps sends a browser to its sign-in page instead.
      if (String(ctx.headers['x-tfs-fedauthredirect'] ?? '').toLowerCase() !== 'suppress') {
        return devOpsAnswer(302, 'Sign in required.', { location: `${ctx.emulatorUrl}/_signin` });
      }
      return devOpsAnswer(401, 'TF400813: The user is not authorized to access this resource.');
    }
    const pipeline = pipelines.find(
      (p) =>
        p.tokenHash.equals(caller.tokenHash) &&
        p.serviceConnectionId.toLowerCase() === serviceConnectionId.toLowerCase(),
    );
    if (!pipeline)
      return devOpsAnswer(
        404,
        `Service connection ${serviceConnectionId} was not found or the job may not use it.`,
      );
    const oidcToken = await pipeline.issuerHandle.mint({ subject: pipeline.subject });
    const answer = devOpsAnswer(200, '');
    return { ...answer, json: { oidcToken } };
  };

  return {
    route,
    registerPipeline,
    get pipelines() {
      return pipelines.map(({ oidcRequestUri, issuer, subject, serviceConnectionId }) => ({
        oidcRequestUri,
        issuer,
        subject,
        serviceConnectionId,
      }));
    },
  };
}
