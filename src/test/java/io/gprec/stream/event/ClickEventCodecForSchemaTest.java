package io.gprec.stream.event;

import io.gprec.data.DatasetReaders;
import io.gprec.data.DatasetSchema;
import io.gprec.data.Field;
import io.gprec.data.FieldRole;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** forSchema picks the id fields the replay order uses, so the job decodes any schema, not only MovieLens. */
class ClickEventCodecForSchemaTest {
    @Test
    void movieLensKeepsItsIdFields() {
        ClickEventCodec c = ClickEventCodec.forSchema(DatasetReaders.movieLensSchema());
        assertThat(c.userIdField()).isEqualTo("user_id");
        assertThat(c.itemIdField()).isEqualTo("movie_id");
    }

    @Test
    void anotherSchemaRoundTrips() {
        DatasetSchema schema = new DatasetSchema(List.of(new Field("segment", FieldRole.USER), new Field("uid", FieldRole.PERSONAL),
                new Field("category", FieldRole.ITEM), new Field("sku", FieldRole.ITEM)));
        ClickEventCodec c = ClickEventCodec.forSchema(schema);
        assertThat(c.userIdField()).isEqualTo("uid");
        assertThat(c.itemIdField()).isEqualTo("category");
        ClickEvent e = new ClickEvent("e1", "u7", "books", 1, 1_000L, new String[]{"s1", "u7", "books", "sku9"});
        assertThat(c.decode(c.encode(e)).event()).isEqualTo(e);
    }
}
