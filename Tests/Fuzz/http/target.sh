# The HTTP request parser (Sources/HTTP/Parser imports no C module).
sources=("$root"/Sources/HTTP/Parser/*.swift)
max_len=70000
