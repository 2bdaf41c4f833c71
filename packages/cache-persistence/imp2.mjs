await import("@identity/cache-persistence");await import("@identity/device-code")
