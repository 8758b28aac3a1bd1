# The PostgreSQL wire protocol: frontend parser, binary codecs and connection state machine
# (Sources/PGWire/Protocol and Connection import no C module).
sources=("$root"/Sources/PGWire/Protocol/*.swift "$root"/Sources/PGWire/Connection/*.swift)
max_len=65536
