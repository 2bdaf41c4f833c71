// Telling failures apart: nothing available here, Entra ID said no, or every credential of a chain failed.
import {
  AggregateAuthenticationError,
  AggregateAuthenticationErrorName,
  AuthenticationError,
  AuthenticationErrorName,
  CredentialUnavailableError,
  CredentialUnavailableErrorName,
  DefaultAzureCredential,
} from '@azure/identity';

export async function explain(scope: string): Promise<string> {
  try {
    await new DefaultAzureCredential().getToken(scope);
    return 'ok';
  } catch (error) {
    if (error instanceof AggregateAuthenticationError) {
      return error.errors.map((inner) => inner.message).join('\n');
    }
    if (error instanceof AuthenticationError) {
      return `${error.statusCode} ${error.errorResponse.error}: ${error.errorResponse.errorDescription}`;
    }
    if (error instanceof CredentialUnavailableError) return `unavailable: ${error.message}`;
    throw error;
  }
}

// The names, for code that cannot use instanceof (errors crossing a worker boundary, say).
export function kindOf(error: { name: string }): string {
  switch (error.name) {
    case CredentialUnavailableErrorName:
      return 'unavailable';
    case AuthenticationErrorName:
      return 'refused';
    case AggregateAuthenticationErrorName:
      return 'chain failed';
    default:
      return 'other';
  }
}
