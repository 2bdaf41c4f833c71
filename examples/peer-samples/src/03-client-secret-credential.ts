// A service principal with a client secret, uploading a blob.
import { ClientSecretCredential } from '@azure/identity';
import { BlobServiceClient } from '@azure/storage-blob';

export async function uploadReport(body: string): Promise<void> {
  const credential = new ClientSecretCredential(
    process.env.AZURE_TENANT_ID ?? '',
    process.env.AZURE_CLIENT_ID ?? '',
    process.env.AZURE_CLIENT_SECRET ?? '',
  );
  const service = new BlobServiceClient('https://contosoreports.blob.core.windows.net', credential);
  const blob = service.getContainerClient('reports').getBlockBlobClient('daily.csv');
  await blob.upload(body, Buffer.byteLength(body));
}
