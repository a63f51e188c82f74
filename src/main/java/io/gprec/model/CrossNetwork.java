package io.gprec.model;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The explicit cross network, {@link #LAYERS} layers on x_0 = E:
 * <ul>
 *   <li>DCN [21]: x_{l+1} = x_0 · (x_l·w_l) + b_l + x_l, with a vector w_l (one scalar per row and layer);</li>
 *   <li>GDCN [22]: c_{l+1} = c_0 ⊙ (c_l·W_l + b_l) ⊙ σ(c_l·W_l^g) + c_l, a full matrix per layer and an
 *       information gate (no bias, as in the GDCN paper).</li>
 * </ul>
 * The matrix products are GEMMs over the batch; only the Hadamard products are element loops.
 */
final class CrossNetwork implements Interaction {
    /** Cross layers: 3, as in the DCN and GDCN papers' default settings. */
    static final int LAYERS = 3;

    private final int width, layers;
    private final boolean gated;
    private final DataType type;
    private final Params.Slot[] w, b, gateW;
    private final Dense[] cross;
    private final Tensor[] xs, s, a, gate;
    private Tensor x0, g, gPrev, dx0, t, da, dz;

    CrossNetwork(Params params, DataType type, int width, int layers, boolean gated) {
        this.type = type;
        this.width = width;
        this.layers = layers;
        this.gated = gated;
        w = new Params.Slot[layers];
        b = new Params.Slot[layers];
        gateW = new Params.Slot[layers];
        cross = new Dense[layers];
        for (int l = 0; l < layers; l++) {
            if (gated) {
                cross[l] = new Dense(params, "backbone.cross" + l, width, width);
                gateW[l] = params.add("backbone.gate" + l + ".W", width, width, Params.Init.XAVIER_UNIFORM);
            } else {
                w[l] = params.add("backbone.cross" + l + ".w", width, 1, Params.Init.XAVIER_UNIFORM);
                b[l] = params.add("backbone.cross" + l + ".b", 1, width, Params.Init.ZERO);
            }
        }
        xs = new Tensor[layers + 1];
        s = new Tensor[layers];
        a = new Tensor[layers];
        gate = new Tensor[layers];
    }

    @Override
    public int outputWidth() { return width; }

    @Override
    public Tensor forward(Tensor e) {
        int n = e.rows();
        x0 = e;
        xs[0] = e;
        for (int l = 0; l < layers; l++) {
            Tensor x = xs[l];
            Tensor next = xs[l + 1] = Tensors.sized(xs[l + 1], type, n, width);
            if (gated) {
                Tensor al = a[l] = Tensors.sized(a[l], type, n, width);
                Tensor gl = gate[l] = Tensors.sized(gate[l], type, n, width);
                cross[l].forward(x, al);
                Blas.gemm(x, false, gateW[l].value(), false, gl, 1, 0);
                for (int i = 0, size = n * width; i < size; i++) {
                    double sg = Head.sigmoid(gl.get(i));
                    gl.set(i, sg);
                    next.set(i, x0.get(i) * al.get(i) * sg + x.get(i));
                }
            } else {
                Tensor sl = s[l] = Tensors.sized(s[l], type, n, 1);
                Blas.gemm(x, false, w[l].value(), false, sl, 1, 0);
                Tensor bias = b[l].value();
                for (int i = 0; i < n; i++) {
                    double si = sl.get(i);
                    int row = i * width;
                    for (int k = 0; k < width; k++) next.set(row + k, x0.get(row + k) * si + bias.get(k) + x.get(row + k));
                }
            }
        }
        return xs[layers];
    }

    @Override
    public Tensor backward(Tensor dOut) {
        int n = dOut.rows();
        g = Tensors.sized(g, type, n, width);
        g.copyFrom(dOut, 0, 0, n * width);
        gPrev = Tensors.sized(gPrev, type, n, width);
        dx0 = Tensors.sized(dx0, type, n, width);
        dx0.fill(0);
        for (int l = layers - 1; l >= 0; l--) {
            Tensor x = xs[l];
            if (gated) {
                Tensor al = a[l], gl = gate[l];
                da = Tensors.sized(da, type, n, width);
                dz = Tensors.sized(dz, type, n, width);
                for (int i = 0, size = n * width; i < size; i++) {
                    double gi = g.get(i), c0 = x0.get(i), ai = al.get(i), sg = gl.get(i);
                    da.set(i, gi * c0 * sg);
                    dz.set(i, gi * c0 * ai * sg * (1 - sg));
                    dx0.add(i, gi * ai * sg);
                }
                cross[l].backward(x, da, gPrev, true);                      // gPrev = da·W_cᵀ
                Blas.gemm(x, true, dz, false, gateW[l].grad(), 1, 1);       // dW_g += c_lᵀ·dz
                Blas.gemm(dz, false, gateW[l].value(), true, gPrev, 1, 1);  // gPrev += dz·W_gᵀ
            } else {
                // t_i = Σ_k g_ik x0_ik: the gradient of the row's scalar s_i = x_l,i·w_l
                t = Tensors.sized(t, type, n, 1);
                Tensor sl = s[l];
                for (int i = 0; i < n; i++) {
                    double dot = 0, si = sl.get(i);
                    int row = i * width;
                    for (int k = 0; k < width; k++) {
                        double gk = g.get(row + k);
                        dot += gk * x0.get(row + k);
                        dx0.add(row + k, gk * si);
                    }
                    t.set(i, dot);
                }
                Blas.gemm(x, true, t, false, w[l].grad(), 1, 1);           // dw_l += x_lᵀ·t
                Dense.addColumnSums(g, b[l].grad());
                Blas.gemm(t, false, w[l].value(), true, gPrev, 1, 0);      // gPrev = t·w_lᵀ
            }
            gPrev.addFrom(g, 0, 0, n * width);                              // the residual x_l
            Tensor swap = g;
            g = gPrev;
            gPrev = swap;
        }
        // x_0 is both the first layer's input (g) and every layer's cross factor (dx0)
        g.addFrom(dx0, 0, 0, n * width);
        return g;
    }
}
