package io.gprec.stream;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** flink-conf/config.yaml mirrors every option of the job, with values the job accepts. */
class ConfigYamlTest {
    @Test
    void everyOptionIsInConfigYamlAndValid() throws Exception {
        Configuration conf = GlobalConfiguration.loadConfiguration("flink-conf");
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Class<?> holder : GprecJob.OPTION_HOLDERS) {
            for (Field f : holder.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) options.add((ConfigOption<?>) f.get(null));
            }
        }
        assertThat(options).hasSizeGreaterThan(10);
        for (ConfigOption<?> option : options) {
            assertThat(conf.containsKey(option.key())).as(option.key() + " in flink-conf/config.yaml").isTrue();
            conf.get(option); // parses
        }
        GprecJob.validate(conf);
        assertThat(conf.getString("state.backend.type", "")).isEqualTo("rocksdb");
        assertThat(conf.getString("pipeline.generic-types", "")).isEqualTo("false");
    }

    @Test
    void aMisspelledKeyOrABadValueIsOneLineNamingIt() {
        Configuration typo = new Configuration();
        typo.setString("gprec.trainer.batchsize", "128");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GprecJob.validate(typo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown key 'gprec.trainer.batchsize'")
                .hasMessageContaining("gprec.trainer.batch-size");
        Configuration zero = new Configuration();
        zero.set(TrainerOptions.BATCH_SIZE, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GprecJob.validate(zero))
                .hasMessage("gprec.trainer.batch-size must be > 0, got 0");
    }

    @Test
    void keysThatDoNotFitTogetherAreOneLineNamingThem() {
        Configuration dp = new Configuration();
        dp.set(TrainerOptions.BACKBONE, io.gprec.model.BackboneKind.FINALMLP);
        dp.set(TrainerOptions.STRATEGY, io.gprec.model.Strategy.DP);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GprecJob.validate(dp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gprec.trainer.model/gprec.trainer.strategy/gprec.trainer.backbone: FinalMLP's prediction layer")
                .hasMessageNotContaining("\n");
        Configuration dgpm = new Configuration();
        dgpm.set(TrainerOptions.MODEL, io.gprec.model.ModelKind.DGPM);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GprecJob.validate(dgpm))
                .hasMessageContaining("dynamic parameters only; strategy INPUT is not available");
        dgpm.set(TrainerOptions.STRATEGY, io.gprec.model.Strategy.DP);
        GprecJob.validate(dgpm);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "gprec.trainer.model      | GPREC2 | gprec.trainer.model: 'GPREC2' is not one of BASE, GPREC, DGPM",
            "gprec.trainer.backbone   | dcn2   | gprec.trainer.backbone: 'dcn2' is not one of MLP, DCN, GDCN, DEEPFM, FINALMLP",
            "gprec.trainer.strategy   | dp2    | gprec.trainer.strategy: 'dp2' is not one of INPUT, DP, ENSEMBLE",
            "gprec.trainer.batch-size | many   | gprec.trainer.batch-size: 'many' is not an integer",
            "gprec.trainer.max-wait   | soon   | gprec.trainer.max-wait: 'soon' is not a duration such as 500 ms, 10 s or 1 min",
            "gprec.kafka.bounded      | maybe  | gprec.kafka.bounded: 'maybe' is not true or false",
            "gprec.trainer.seed       | 1.5    | gprec.trainer.seed: '1.5' is not an integer"})
    void aValueThatDoesNotParseSaysWhatTheKeyAccepts(String key, String value, String message) {
        Configuration conf = new Configuration();
        conf.setString(key, value);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GprecJob.validate(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
