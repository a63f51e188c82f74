package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * DeepFM's FM part [39], as a vector: v = ½((Σ_f e_f)² − Σ_f e_f²) (element-wise over the d
 * dimensions), whose sum over k is FM's second-order term Σ_{f<f'} ⟨e_f, e_f'⟩. It joins the deep
 * output in r_b = [v, deep(E)], so the prediction layer's weights on v give a weighted FM (the
 * bi-interaction pooling of NFM); with weights 1 it is exactly DeepFM's y_FM + y_DNN before the
 * sigmoid. FM's first-order term ⟨w, x⟩ is left out: the per-field embeddings already reach the
 * prediction layer through the deep part. No parameters of its own.
 */
final class FmInteraction implements Interaction {
    private final int fields, dim;
    private final DataType type;
    private Tensor e, sum, out, dE;

    FmInteraction(DataType type, int fields, int dim) {
        this.type = type;
        this.fields = fields;
        this.dim = dim;
    }

    @Override
    public int outputWidth() { return dim; }

    @Override
    public Tensor forward(Tensor e) {
        int n = e.rows(), w = fields * dim;
        this.e = e;
        sum = Tensors.sized(sum, type, n, dim);
        out = Tensors.sized(out, type, n, dim);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dim; k++) {
                double s = 0, sq = 0;
                for (int f = 0; f < fields; f++) {
                    double v = e.get(i * w + f * dim + k);
                    s += v;
                    sq += v * v;
                }
                sum.set(i * dim + k, s);
                out.set(i * dim + k, 0.5 * (s * s - sq));
            }
        }
        return out;
    }

    @Override
    public Tensor backward(Tensor dOut) {
        int n = dOut.rows(), w = fields * dim;
        dE = Tensors.sized(dE, type, n, w);
        // ∂v_k/∂e_fk = Σ_f' e_f'k − e_fk
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dim; k++) {
                double d = dOut.get(i * dim + k), s = sum.get(i * dim + k);
                for (int f = 0; f < fields; f++) {
                    int at = i * w + f * dim + k;
                    dE.set(at, d * (s - e.get(at)));
                }
            }
        }
        return dE;
    }
}
