// A stand-in for an Azure OpenAI resource: it checks bearer tokens the way a resource server does (the
// tenant's discovery document names the issuer and the keys; jose verifies signature, issuer, audience and
// lifetime) and answers chat completions. Loopback HTTP only.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

/**
 * The audience of Azure OpenAI (Azure AI services) tokens.
 *
 * @example
 * ```ts
 * getBearerTokenProvider(credential, `${COGNITIVE_SERVICES}/.default`);
 * ```
 */
export const COGNITIVE_SERVICES = 'https://cognitiveservices.azure.com';

/**
 * A running stand-in resource.
 *
 * @example
 * ```ts
 * const server = await startOpenAiServer({ authorityHost: emulator.url, tenantId: emulator.tenantId });
 * new AzureOpenAI({ endpoint: server.endpoint, ... });
 * ```
 */
export interface OpenAiServer {
  /** `http://127.0.0.1:PORT`: the `endpoint` of `AzureOpenAI`. */
  endpoint: string;
  /** The claims of every token it accepted, in order. */
  verified: JWTPayload[];
  /** Why it refused tokens, in order. */
  refused: string[];
  stop(): Promise<void>;
}

const COMPLETIONS = /^\/openai\/deployments\/([\w.-]+)\/chat\/completions$/;

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<{ messages?: { content?: string }[] }> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return JSON.parse(text);
}

/**
 * Starts the stand-in resource for one tenant of an Entra ID authority (the emulator): it reads the tenant's
 * v1 discovery document (Azure AI services tokens are v1) for the issuer and `jwks_uri`, and accepts only
 * tokens that verify against them with the Cognitive Services audience.
 *
 * @example
 * ```ts
 * const server = await startOpenAiServer({ authorityHost: emulator.url, tenantId: emulator.tenantId });
 * ```
 */
export async function startOpenAiServer(authority: {
  authorityHost: string;
  tenantId: string;
}): Promise<OpenAiServer> {
  const discovery = await fetch(
    `${authority.authorityHost}/${authority.tenantId}/.well-known/openid-configuration`,
  );
  if (!discovery.ok) throw new Error(`No discovery document for the tenant (HTTP ${discovery.status}).`);
  const { issuer, jwks_uri } = (await discovery.json()) as { issuer: string; jwks_uri: string };
  const keys = createRemoteJWKSet(new URL(jwks_uri));
  const verified: JWTPayload[] = [];
  const refused: string[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const deployment = COMPLETIONS.exec(url.pathname)?.[1];
    if (request.method !== 'POST' || !deployment || !url.searchParams.get('api-version')) {
      return send(response, 404, { error: { code: '404', message: 'Resource not found' } });
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    let claims: JWTPayload;
    try {
      if (!bearer) throw new Error('no bearer token');
      ({ payload: claims } = await jwtVerify(bearer, keys, {
        issuer,
        audience: COGNITIVE_SERVICES,
        algorithms: ['RS256'],
      }));
    } catch (error) {
      refused.push((error as Error).message);
      return send(response, 401, {
        error: { code: 'PermissionDenied', message: 'The access token is not valid for this resource.' },
      });
    }
    verified.push(claims);
    const { messages = [] } = await readJson(request);
    return send(response, 200, {
      id: `chatcmpl-${verified.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: deployment,
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: { role: 'assistant', content: `You said: ${messages.at(-1)?.content ?? ''}` },
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) =>
      send(response, 500, { error: { message: error.message } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    verified,
    refused,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
