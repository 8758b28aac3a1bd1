/// Rendering outputs the way `terraform apply` prints them at the end of a run.
extension OutputValue {
    /// The value in Terraform's output syntax: strings quoted with HCL escapes, objects as
    /// `{ "key" = value }` blocks with sorted keys, lists as `[ item, ]` blocks, indented by
    /// two spaces per level starting at `indent`.
    public func terraformText(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch self {
        case .string(let s): return HCLValue.quote(s)
        case .number(let n): return HCLValue.formatNumber(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .list(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + $0.terraformText(indent: indent + 1) + ",\n" }.joined()
                + closePad + "]"
        case .object(let entries):
            if entries.isEmpty { return "{}" }
            return "{\n" + entries.keys.sorted().map { key in
                pad + HCLValue.quote(key) + " = " + entries[key]!.terraformText(indent: indent + 1) + "\n"
            }.joined() + closePad + "}"
        }
    }

    /// The `Outputs:` block for a set of named outputs, sorted by name as Terraform does.
    public static func terraformOutputsBlock(_ outputs: [String: OutputValue]) -> String {
        var text = "Outputs:\n\n"
        for name in outputs.keys.sorted() {
            text += name + " = " + outputs[name]!.terraformText() + "\n"
        }
        return text
    }
}
