TITLE cadpump.mod   calcium shells, a buffer and a membrane pump (circ test)

COMMENT
After the NEURON book's cadifpmp.mod (chapter 9): 3 radial shells with a
buffer (COMPARTMENT with an index), and a pump in the membrane, a
compartment of its own, whose second step releases calcium to the outside:
cao, read from the section, is a reactant but not a STATE (nocmodl makes it
a factor of the flux).  The pump's current is read from the last reaction's
fluxes (f_flux - b_flux) after its CONSERVE; it is recorded, not written
to ica.  Left out as in cadifus.mod: LONGITUDINAL_DIFFUSION.
ENDCOMMENT

NEURON {
    SUFFIX cadpump
    USEION ca READ cao, ica WRITE cai
    RANGE ica_pmp, vrat, frat, TotalPump
    GLOBAL DCa, k1buf, k2buf, TotalBuffer, k1, k2, k3, k4
}

DEFINE NANN 3

UNITS {
    (mol) = (1)
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
    k1 = 1 (/mM-ms)
    k2 = 0.005 (/ms)
    k3 = 1 (/ms)
    k4 = 0.005 (/mM-ms)
    TotalPump = 1e-11 (mol/cm2)
}

ASSIGNED {
    diam (um)
    ica (mA/cm2)
    cai (mM)
    cao (mM)
    vrat[NANN]
    frat[NANN]
    ica_pmp (mA/cm2)
    parea (um)
}

STATE {
    ca[NANN] (mM) <1e-10>
    CaBuffer[NANN] (mM)
    Buffer[NANN] (mM)
    pump (mol/cm2)
    pumpca (mol/cm2)
}

BREAKPOINT {
    SOLVE state METHOD sparse
}

INITIAL {
    factors()
    parea = PI*diam
    FROM i=0 TO NANN-1 {
        ca[i] = cai
        Buffer[i] = TotalBuffer/(1 + k1buf/k2buf*cai)
        CaBuffer[i] = TotalBuffer - Buffer[i]
    }
    pumpca = cai*TotalPump/(cai + k2/k1)
    pump = TotalPump - pumpca
}

PROCEDURE factors() {
    LOCAL r, dr2
    r = 1/2
    dr2 = r/(NANN-1)/2
    vrat[0] = 0
    frat[0] = 2*r
    FROM i=0 TO NANN-2 {
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
    COMPARTMENT (1e10)*parea {pump pumpca}
    ~ ca[0] + pump <-> pumpca (k1*parea*(1e10), k2*parea*(1e10))
    ~ pumpca <-> pump + cao (k3*parea*(1e10), k4*parea*(1e10))
    CONSERVE pump + pumpca = TotalPump*parea*(1e10)
    ica_pmp = 2*FARADAY*(1e-4)*(f_flux - b_flux)/parea
    ~ ca[0] << (-ica*PI*diam/(2*FARADAY)*(1e4))
    FROM i=0 TO NANN-2 {
        ~ ca[i] <-> ca[i+1] (DCa*frat[i+1], DCa*frat[i+1])
    }
    dsq = diam*diam
    FROM i=0 TO NANN-1 {
        dsqvol = dsq*vrat[i]
        ~ ca[i] + Buffer[i] <-> CaBuffer[i] (k1buf*dsqvol, k2buf*dsqvol)
    }
    cai = ca[0]
}
