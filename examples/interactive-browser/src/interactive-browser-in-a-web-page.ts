// The web page's credential (what a browser bundler selects): a single-page app signs its user in with a pop-up,
// or by sending the page to the sign-in and back. The app registration needs the page's origin as a
// "Single-page application" redirect URI. Make the credential when the page loads: after a redirect sign-in, the
// credential made on the page Entra sends the user back to finishes it.
import {
  InteractiveBrowserCredential,
  type InteractiveBrowserCredentialInBrowserOptions,
} from '@identity/interactive-browser';

const options: InteractiveBrowserCredentialInBrowserOptions = {
  clientId: '00000000-0000-0000-0000-000000000000',
  tenantId: 'contoso.onmicrosoft.com',
  loginStyle: 'redirect',
};

export const credential = new InteractiveBrowserCredential(options);

/** Reads the signed-in user's profile from Microsoft Graph (call it from a click: a pop-up needs one). */
export async function readProfile(): Promise<unknown> {
  const { token } = await credential.getToken('https://graph.microsoft.com/User.Read');
  const response = await fetch('https://graph.microsoft.com/v1.0/me', {
    headers: { authorization: `Bearer ${token}` },
  });
  return response.json();
}
