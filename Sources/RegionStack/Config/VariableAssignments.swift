/// The raw values assigned to variables, gathered from a tfvars file and `-var` overrides.
///
/// Terraform's precedence applies: declared defaults, then the file, then `-var` options in
/// command-line order (the last one wins). A name set twice in the same file is an error, and so
/// is any name the seed does not declare. Values stay untyped here; `StackConfiguration`
/// converts and validates them.
public struct VariableAssignments: Sendable, Equatable {
    /// Assigned values by variable name (only the ones explicitly set).
    public private(set) var values: [String: HCLValue] = [:]
    /// Where each value came from (`file:line:column` or `-var`), for messages.
    public private(set) var origins: [String: String] = [:]

    public init() {}

    /// Adds the assignments of a tfvars file. Later sources override earlier ones.
    public mutating func addFile(_ text: String, source: String = "terraform.tfvars") throws(ConfigError) {
        let attributes: [HCLParser.Attribute]
        do {
            attributes = try HCLParser.parseFile(text, source: source)
        } catch {
            throw .syntax(error)
        }
        for attribute in attributes {
            let location = "\(source):\(attribute.position.line):\(attribute.position.column)"
            guard SeedVariables.declaration(named: attribute.name) != nil else {
                throw .undeclaredVariable(name: attribute.name, location: location)
            }
            values[attribute.name] = attribute.value
            origins[attribute.name] = location
        }
    }

    /// Adds one `-var 'name=value'` override with Terraform's semantics: for a string variable
    /// the raw text after `=` is the value; otherwise the text is parsed as an HCL value.
    public mutating func addOverride(_ argument: String) throws(ConfigError) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw .malformedOverride(argument)
        }
        let name = argument[..<equals].trimmingSpaces()
        let text = String(argument[argument.index(after: equals)...])
        guard !name.isEmpty else { throw .malformedOverride(argument) }
        guard let declaration = SeedVariables.declaration(named: name) else {
            throw .undeclaredVariable(name: name, location: "-var")
        }
        let value: HCLValue
        if declaration.type == .string {
            value = .string(text)
        } else {
            do {
                value = try HCLParser.parseValue(text, source: "-var \(name)")
            } catch {
                // A bare word for a number or bool (`-var lambda_memory_size=abc`) is the literal
                // text to Terraform, which then says the type's requirement, not "references".
                if error.kind == .expressionNotAllowed, declaration.type == .number || declaration.type == .bool {
                    throw .typeMismatch(
                        variable: name, value: HCLValue.quote(text), expected: declaration.type.description,
                        reason: declaration.type.requirement)
                }
                throw .syntax(error)
            }
        }
        values[name] = value
        origins[name] = "-var"
    }

    /// Adds several overrides in order.
    public mutating func addOverrides(_ arguments: [String]) throws(ConfigError) {
        for argument in arguments { try addOverride(argument) }
    }

    /// The effective raw value of `declaration`: the assigned one, or its default.
    public func value(for declaration: VariableDeclaration) -> HCLValue {
        values[declaration.name] ?? declaration.defaultValue
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
