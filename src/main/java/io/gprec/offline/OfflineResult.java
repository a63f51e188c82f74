package io.gprec.offline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an offline run measured: test quality of the best-validation epoch, and the curve that led there. */
public record OfflineResult(double testAuc, double testLogLoss, double bestValidationAuc, int bestEpoch,
                            int epochsRun, List<Double> validationAucs, double trainSeconds) {
    public Map<String, Object> toReport() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_auc", testAuc);
        m.put("test_logloss", testLogLoss);
        m.put("best_validation_auc", bestValidationAuc);
        m.put("best_epoch", bestEpoch);
        m.put("epochs_run", epochsRun);
        m.put("validation_aucs", validationAucs);
        m.put("train_seconds", trainSeconds);
        return m;
    }
}
