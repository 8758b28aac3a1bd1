import DSQLClient
import DSQLDialect

extension QueryResult {
    /// A result with `rows` rendered from `values` in PostgreSQL text form, by column type.
    init(commandTag: String, columns: [Column] = [], values: [[SQLValue]] = [], notice: String? = nil) {
        let rows = values.map { row in
            row.enumerated().map { i, v in
                i < columns.count ? PGText.format(v, as: columns[i].type) : (v == .null ? nil : v.description)
            }
        }
        self.init(commandTag: commandTag, columns: columns, rows: rows, values: values, notice: notice)
    }

    init(commandTag: String, resultColumns: [ResultColumn], values: [[SQLValue]], notice: String? = nil) {
        self.init(commandTag: commandTag, columns: resultColumns.map { Column(name: $0.name, type: $0.type) },
                  values: values, notice: notice)
    }
}
