// A fixture: the convention checker only needs this file to exist.
export {};
