// Stands in for `keytar` in the peer's process: the native module's prebuilt binary is not installed here (pnpm
// runs no install scripts it was not told to), and no Secret Service runs in the test. This is what keytar answers
// on such a machine: every call fails, so @azure/identity-cache-persistence falls back to its unencrypted file, as
// unsafeAllowUnencryptedStorage allows.
const absent = async () => {
  throw new Error('The name org.freedesktop.secrets was not provided by any .service files');
};
export default { getPassword: absent, setPassword: absent, deletePassword: absent, findCredentials: absent };
