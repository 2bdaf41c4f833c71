// CommonJS: a service principal configured entirely by AZURE_* variables (secret, certificate or user).
const { EnvironmentCredential } = require('@azure/identity');

const credential = new EnvironmentCredential();

async function managementToken() {
  const token = await credential.getToken('https://management.azure.com/.default');
  return token.token;
}

module.exports = { managementToken };
