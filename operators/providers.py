# This app registers its pieces with portal.registry here as they arrive.
