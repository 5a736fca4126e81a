Attribute VB_Name = "WtOnlineSend"
Option Explicit

' The "online check" button: posts a saved copy of this workbook to the portal's
' POST /api/validate with the unit's token and hands the answer to
' WtOnlineMarks.WtApplyAnswer. Uses WinHTTP (part of Windows), no local Python,
' no Declare statements. The portal's address and the unit's token are the
' workbook-level names WT_PORTAL_URL and WT_PORTAL_TOKEN, written at distribute time.

Public Sub WtOnlineCheck()
    Dim url As String, token As String, copyPath As String, boundary As String
    Dim body As Variant, http As Object
    url = NamedText("WT_PORTAL_URL")
    token = NamedText("WT_PORTAL_TOKEN")
    If Len(url) = 0 Or Len(token) = 0 Then
        MsgBox WtOnlineText("672A 8BBE 7F6E 95E8 6237 5730 5740 6216 4EE4 724C FF0C 65E0 6CD5 5728 7EBF 6821 9A8C")
        Exit Sub
    End If
    On Error GoTo Failed
    copyPath = Environ$("TEMP") & "\wt-online-" & Format$(Now, "yyyymmddhhnnss") & "." & Extension()
    ThisWorkbook.SaveCopyAs copyPath
    boundary = "----wt" & Format$(Now, "yyyymmddhhnnss") & CStr(Int(Rnd() * 1000000))
    body = MultipartBody(copyPath, boundary, "workbook." & Extension())
    Kill copyPath
    Set http = CreateObject("WinHttp.WinHttpRequest.5.1")
    http.Open "POST", url & "/api/validate", False
    http.SetRequestHeader "Authorization", "Token " & token
    http.SetRequestHeader "Content-Type", "multipart/form-data; boundary=" & boundary
    http.Send body
    If http.Status <> 200 Then
        MsgBox WtOnlineText("95E8 6237 8FD4 56DE 0020") & CStr(http.Status) & ": " & http.ResponseText
        Exit Sub
    End If
    WtApplyAnswer http.ResponseText
    Exit Sub
Failed:
    MsgBox WtOnlineText("5728 7EBF 6821 9A8C 5931 8D25 FF1A") & Err.Description
End Sub

Private Function Extension() As String
    Extension = LCase$(Mid$(ThisWorkbook.Name, InStrRev(ThisWorkbook.Name, ".") + 1))
End Function

' The text of a workbook-level name defined as a constant ("=""https://...""").
Private Function NamedText(ByVal nameText As String) As String
    Dim found As Object
    On Error Resume Next
    Set found = ThisWorkbook.Names(nameText)
    If Not found Is Nothing Then NamedText = CStr(Application.Evaluate(found.RefersTo))
    Err.Clear
    On Error GoTo 0
End Function

' multipart/form-data with one part, "file", holding the bytes of `path`: a Byte
' array in a Variant (LibreOffice's VBA cannot compile a function declared As Byte()).
Private Function MultipartBody(ByVal path As String, ByVal boundary As String, ByVal fileName As String) As Variant
    Dim head() As Byte, tail() As Byte, data() As Byte, result() As Byte, f As Integer, size As Long
    head = StrConv("--" & boundary & vbCrLf & _
        "Content-Disposition: form-data; name=""file""; filename=""" & fileName & """" & vbCrLf & _
        "Content-Type: application/octet-stream" & vbCrLf & vbCrLf, vbFromUnicode)
    tail = StrConv(vbCrLf & "--" & boundary & "--" & vbCrLf, vbFromUnicode)
    f = FreeFile
    Open path For Binary Access Read As #f
    size = LOF(f)
    ReDim data(0 To size - 1)
    Get #f, , data
    Close #f
    ReDim result(0 To UBound(head) + 1 + size + UBound(tail))
    CopyBytes head, result, 0
    CopyBytes data, result, UBound(head) + 1
    CopyBytes tail, result, UBound(head) + 1 + size
    MultipartBody = result
End Function

Private Sub CopyBytes(source() As Byte, target() As Byte, ByVal offset As Long)
    Dim i As Long
    For i = LBound(source) To UBound(source)
        target(offset + i - LBound(source)) = source(i)
    Next i
End Sub
