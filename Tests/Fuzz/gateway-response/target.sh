# API Gateway's Lambda proxy response reader (ProxyResponseReader, then Foundation's
# JSONSerialization for what it does not accept), compiled as one module with JSONLexing.
source "$here/strip-imports.sh"
g="$root/Sources/APIGateway"
mapfile -t sources < <(fuzz_copy gateway-response "$root"/Sources/JSONLexing/*.swift "$g/ProxyResponse.swift" \
    "$g/ProxyResponseReader.swift" "$g/ProxyResponseReader+Lexing.swift" "$g/HeaderField.swift" "$g/CaseInsensitive.swift")
max_len=100000
