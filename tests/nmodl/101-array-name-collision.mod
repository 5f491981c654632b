: an array x[n] becomes the scalars x_0 .. x_{n-1}: a name the file already
: has would collide, and is refused at the array
NEURON { SUFFIX arrc }
PARAMETER { m_1 = 2 }
ASSIGNED { m[2] }
INITIAL { m[0] = m_1 }
