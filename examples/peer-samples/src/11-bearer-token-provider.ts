// A bearer-token function for clients that take one: Azure OpenAI, and plain fetch.
import { DefaultAzureCredential, getBearerTokenProvider } from '@azure/identity';
import { AzureOpenAI } from 'openai';

const scope = 'https://cognitiveservices.azure.com/.default';
const azureADTokenProvider = getBearerTokenProvider(new DefaultAzureCredential(), scope);

export const openai = new AzureOpenAI({
  azureADTokenProvider,
  endpoint: 'https://contoso-ai.openai.azure.com',
  apiVersion: '2024-10-21',
  deployment: 'gpt-4o',
});

export async function listDeployments(): Promise<unknown> {
  const response = await fetch(
    'https://contoso-ai.openai.azure.com/openai/deployments?api-version=2022-12-01',
    {
      headers: { authorization: `Bearer ${await azureADTokenProvider()}` },
    },
  );
  return response.json();
}
