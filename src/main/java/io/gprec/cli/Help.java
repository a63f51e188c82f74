package io.gprec.cli;

/** Per-command help text. */
final class Help {
    private static final String MODEL = """
              --model base|gprec            backbone alone, or with GPRec (default gprec)
              --strategy input|dp|ensemble  how GPRec joins the backbone (default input)
              --seed N                      split, init and noise seed (default 42)
              --groups G --tau T            groups (60) and Gumbel temperature (0.5)
              --combine sum|concat          how the G group patterns form r_G (sum)
              --lambda1 --lambda2 --lambda3 weights of L_G, L_Con, L_O (1, 0.001, 0.0001)
              --orthogonal signed|absolute  L_O as Eq. 13, or |cos| (signed)
              --lr --weight-decay --dropout Adam and backbone dropout (0.002, 1e-6, 0.2)
              --single-group-embedding --no-individual --no-group-loss --no-contrast-loss --no-orthogonal-loss
                                            the ablations of paper §IV-C
              --data-dir DIR                MovieLens 100K or 1M folder (default ../shared/datasets/ml-100k)""";

    private Help() {}

    static String of(String command) {
        return switch (command) {
            case "offline" -> "usage: gprec offline [options]\n" + MODEL + """

                      --epochs N --patience N --batch N   at most 30 epochs, stop after 2 without a better validation AUC, batch 4096
                      --report-json FILE                  write {"test_auc", "test_logloss", ...}
                      --save-model FILE                   write the best-validation model snapshot""";
            case "bench" -> "usage: gprec bench [options]\n" + MODEL + """

                      --batch N --warmup N --seconds S    batch size (4096), warm-up steps (10), measured time (20 s)
                      --report-json FILE                  write {"examples_per_second", ...}""";
            default -> Main.USAGE;
        };
    }
}
