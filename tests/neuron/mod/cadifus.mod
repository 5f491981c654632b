TITLE cadifus.mod   radial calcium diffusion in 4 shells with a buffer (circ test)

COMMENT
After the NEURON book's cadifus.mod (chapter 9): calcium enters the outer
shell, diffuses radially through Nannuli shells of equal thickness and
binds a buffer in each.  Each shell's equations are multiplied by its
volume (COMPARTMENT with an index: element i of each array by
diam*diam*vrat[i]), so the fluxes are amounts per time.  The book's
LONGITUDINAL_DIFFUSION line is left out (circ refuses it), and vrat and
frat are RANGE: circ refuses a GLOBAL that each instance sets.
ENDCOMMENT

NEURON {
    SUFFIX cadifus
    USEION ca READ cai, ica WRITE cai
    RANGE vrat, frat, TotalBuffer
    GLOBAL DCa, k1buf, k2buf
}

DEFINE Nannuli 4

UNITS {
    (molar) = (1/liter)
    (mM) = (millimolar)
    (um) = (micron)
    (mA) = (milliamp)
    FARADAY = (faraday) (coulomb)
    PI = (pi) (1)
}

PARAMETER {
    DCa = 0.6 (um2/ms)
    k1buf = 100 (/mM-ms)
    k2buf = 0.1 (/ms)
    TotalBuffer = 0.003 (mM)
}

ASSIGNED {
    diam (um)
    ica (mA/cm2)
    cai (mM)
    vrat[Nannuli]   : volume of each shell per unit length, over diam^2
    frat[Nannuli]   : area between shells per unit length, over the shell thickness
    Kd (/mM)
    B0 (mM)
}

STATE {
    ca[Nannuli] (mM) <1e-10>
    CaBuffer[Nannuli] (mM)
    Buffer[Nannuli] (mM)
}

BREAKPOINT {
    SOLVE state METHOD sparse
}

INITIAL {
    factors()
    Kd = k1buf/k2buf
    B0 = TotalBuffer/(1 + Kd*cai)
    FROM i=0 TO Nannuli-1 {
        ca[i] = cai
        Buffer[i] = B0
        CaBuffer[i] = TotalBuffer - B0
    }
}

PROCEDURE factors() {
    LOCAL r, dr2
    r = 1/2                 : the cell's radius, in units of diam
    dr2 = r/(Nannuli-1)/2   : half a shell's thickness
    vrat[0] = 0
    frat[0] = 2*r
    FROM i=0 TO Nannuli-2 {
        vrat[i] = vrat[i] + PI*(r-dr2/2)*2*dr2
        r = r - dr2
        frat[i+1] = 2*PI*r/(2*dr2)
        r = r - dr2
        vrat[i+1] = PI*(r+dr2/2)*2*dr2
    }
}

KINETIC state {
    LOCAL dsq, dsqvol
    COMPARTMENT i, diam*diam*vrat[i] {ca CaBuffer Buffer}
    ~ ca[0] << (-ica*PI*diam/(2*FARADAY)*(1e4))
    FROM i=0 TO Nannuli-2 {
        ~ ca[i] <-> ca[i+1] (DCa*frat[i+1], DCa*frat[i+1])
    }
    dsq = diam*diam
    FROM i=0 TO Nannuli-1 {
        dsqvol = dsq*vrat[i]
        ~ ca[i] + Buffer[i] <-> CaBuffer[i] (k1buf*dsqvol, k2buf*dsqvol)
    }
    cai = ca[0]
}
