package io.gprec.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ready schemas of docs/schemas read files laid out as their datasets document them (the datasets themselves
 * are not redistributable, so the files here are tiny stand-ins with the documented headers).
 */
class DocsSchemasTest {

    private static final Path SCHEMAS = Path.of("docs/schemas");

    @TempDir
    Path dir;

    @Test
    void movieLens1mSchemaAgreesWithTheBuiltInReader() {
        Fixtures.ml1m(dir);
        List<CsvDatasetTest.Row> rows = CsvDatasetTest.readAll(
                CsvDataset.open(SchemaFile.load(SCHEMAS.resolve("movielens-1m.yaml"), dir)), new BadRows(true, null));
        List<Interaction> expected = MovieLens1mReader.read(dir).interactions();
        assertThat(rows).hasSize(expected.size());
        DatasetSchema ml = DatasetReaders.movieLensSchema();
        for (int i = 0; i < rows.size(); i++) {
            CsvDatasetTest.Row r = rows.get(i);
            Interaction x = expected.get(i);
            assertThat(r.label()).isEqualTo(x.label());
            assertThat(r.time()).isEqualTo(x.timestamp() * 1000);
            // Fields both describe the same way (the reader buckets ages and cuts zips; the generic schema cannot).
            assertThat(List.of(r.values().get(0), r.values().get(1), r.values().get(3), r.values().get(5), r.values().get(6)))
                    .containsExactly(x.values()[ml.indexOf("user_id")], x.values()[ml.indexOf("gender")],
                            x.values()[ml.indexOf("occupation")], x.values()[ml.indexOf("movie_id")],
                            x.values()[ml.indexOf("genres")]);
        }
        assertThat(rows.get(2).values()).containsExactly("3", "M", "25", "15", "55117-1234", "4", "Comedy");
    }

    @Test
    void tenrecSchemaReadsTheCtrFileLayout() throws IOException {
        String hist = IntStream.rangeClosed(1, 10).mapToObj(i -> "hist_" + i).collect(Collectors.joining(","));
        Files.writeString(dir.resolve("ctr_data_1M.csv"),
                "user_id,item_id,click,follow,like,share,video_category,watching_times,gender,age," + hist + "\n"
                        + "1,100,1,0,0,0,2,3,1,4,5,6,7,8,9,10,11,12,13,14\n"
                        + "2,101,0,0,0,0,1,0,2,3,0,0,0,0,0,0,0,0,0,0\n");
        List<CsvDatasetTest.Row> rows = CsvDatasetTest.readAll(
                CsvDataset.open(SchemaFile.load(SCHEMAS.resolve("tenrec-ctr.json"), dir)), new BadRows(true, null));
        assertThat(rows).containsExactly(new CsvDatasetTest.Row(List.of("1", "1", "4", "100", "2"), 1, 1),
                new CsvDatasetTest.Row(List.of("2", "2", "3", "101", "1"), 0, 2));
    }

    @Test
    void kuaiRandPureSchemaReadsTheDocumentedColumns() throws IOException {
        Files.writeString(dir.resolve("log_standard_4_08_to_4_21_pure.csv"), "user_id,video_id,date,hourmin,time_ms,"
                + "is_click,is_like,is_follow,is_comment,is_forward,is_hate,long_view,play_time_ms,duration_ms,"
                + "profile_stay_time,comment_stay_time,is_profile_enter,is_rand,tab\n"
                + "0,3784,20220421,400,1650485801301,1,0,0,0,0,0,1,151024,104400,0,0,0,0,1\n");
        String onehot = IntStream.rangeClosed(0, 17).mapToObj(i -> "onehot_feat" + i).collect(Collectors.joining(","));
        Files.writeString(dir.resolve("user_features_pure.csv"), "user_id,user_active_degree,is_lowactive_period,"
                + "is_live_streamer,is_video_author,follow_user_num,follow_user_num_range,fans_user_num,fans_user_num_range,"
                + "friend_user_num,friend_user_num_range,register_days,register_days_range," + onehot + "\n"
                + "0,full_active,0,0,1,5,\"(0,10]\",312,\"[100,1k)\",0,0,3624,730+,1,2,2,1153,4,0,0,31,354,3,3,2,1,0,0,0,0,0\n");
        Files.writeString(dir.resolve("video_features_basic_pure.csv"), "video_id,author_id,video_type,upload_dt,"
                + "upload_type,visible_status,video_duration,server_width,server_height,music_id,music_type,tag\n"
                + "3784,441,NORMAL,2020-07-08,ShortImport,1,17200.0,720,1280,989206467,4,\"12,65\"\n");
        List<CsvDatasetTest.Row> rows = CsvDatasetTest.readAll(
                CsvDataset.open(SchemaFile.load(SCHEMAS.resolve("kuairand-pure.json"), dir)), new BadRows(true, null));
        assertThat(rows).containsExactly(new CsvDatasetTest.Row(List.of("0", "full_active", "0", "1", "(0,10]", "[100,1k)",
                "0", "730+", "2", "2", "4", "3784", "441", "NORMAL", "ShortImport", "4", "12,65"), 1, 1_650_485_801_301L));
    }
}
