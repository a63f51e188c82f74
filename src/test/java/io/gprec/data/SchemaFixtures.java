package io.gprec.data;

/** The synthetic schema of docs/DATASETS.md's example (clicks.csv + users.csv + items.csv), shared by tests. */
public final class SchemaFixtures {

    private SchemaFixtures() {
    }

    public static final String SYNTHETIC_JSON = """
            {
              "name": "synthetic",
              "file": "clicks.csv",
              "delimiter": ",",
              "header": true,
              "fields": [
                {"name": "user_id",  "column": "user_id",  "role": "personal"},
                {"name": "item_id",  "column": "item_id",  "role": "item"},
                {"name": "u_cluster","column": "segment",  "role": "user", "table": "users"},
                {"name": "i_cat",    "column": "category", "role": "item", "table": "items"}
              ],
              "label": {"column": "click", "op": ">=", "value": 1},
              "timestamp": {"column": "ts", "unit": "s"},
              "user": "user_id",
              "item": "item_id",
              "tables": {
                "users": {"file": "users.csv", "key": "user_id", "delimiter": ","},
                "items": {"file": "items.csv", "key": "item_id"}
              }
            }
            """;
}
