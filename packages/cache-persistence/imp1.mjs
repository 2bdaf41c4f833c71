await import("@identity/cache-persistence")
