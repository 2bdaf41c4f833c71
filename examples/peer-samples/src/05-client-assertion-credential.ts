// A service principal that proves itself with an assertion someone else signs (a key vault, an HSM, another
// identity provider).
import { ClientAssertionCredential } from '@azure/identity';

async function signedAssertion(): Promise<string> {
  const response = await fetch('http://127.0.0.1:8080/assertion');
  return response.text();
}

export const credential = new ClientAssertionCredential(
  process.env.AZURE_TENANT_ID ?? '',
  process.env.AZURE_CLIENT_ID ?? '',
  signedAssertion,
);
