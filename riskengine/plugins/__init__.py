"""Plugin machinery: the plugin-manager factory, the registry it fills, and the built-in plugins."""
