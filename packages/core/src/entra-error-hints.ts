// The next step for the Entra errors users meet most, keyed by AADSTS code. Kept short: it ships in every
// bundle; the troubleshooting guide has the long form.

const HINTS: [codes: number[], hint: string][] = [
  [[7000215, 7000222], 'Check the client secret: use its value (not its id), and replace it if it expired.'],
  [[700016, 90002], 'Check the client id and tenant id: the app or tenant was not found.'],
  [[70011, 1002012], 'Use one resource scope ending in "/.default".'],
  [[700024], 'The assertion expired: re-read the federated token file.'],
  [[700027, 70021, 700213], 'Check the certificate or federated credential registered on the app.'],
  [[50076, 50079], 'MFA is required: use an interactive credential or the Azure CLI.'],
];

/**
 * A sentence telling the user what to do about an Entra error, when one of its codes is known.
 *
 * @example
 * ```ts
 * nextStepForEntraError([7000215]); // 'Check the client secret: ...'
 * ```
 */
export function nextStepForEntraError(codes: readonly number[] | undefined): string | undefined {
  return codes && HINTS.find(([known]) => codes.some((code) => known.includes(code)))?.[1];
}
