"""The only package that opens sockets. See ``client.Fetcher`` and ``outcomes``."""
